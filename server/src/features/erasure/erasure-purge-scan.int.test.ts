import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { JOB_SCHEMA, type JobQueue, startJobs } from '../../jobs/queue';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { accessUserData } from '../access-log';
import { EXPORT_JOB, exportFilePath } from '../export';
import { exportBuildJob } from '../export';
import { allJobs } from '../../jobs';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from '../devices/devices.test-support';
import { clinicStaff } from '../clinics';
import { createClinic, enrolPatient } from '../clinics/clinics.test-support';
import { createHealthDataIngest } from '../health-data';
import { createMailer } from '../mail';
import { authenticatePartnerToken } from '../oauth';
import { SoftwareAuthenticator } from '../second-factor/second-factor.test-support';
import { enrolTotp, wrongCode } from '../second-factor/second-factor.test-support';
import { totpCodeAt } from '../second-factor/second-factor.test-support';
import { fhirExportFiles, fhirExports } from '../fhir';
import { createNotifyRepo } from '../webhooks';
import { runDueDeliveries } from '../webhooks/webhooks.test-support';
import { type Finding, scanFiles, scanLines, scanTables } from './erasure-scan.test-support';
import { privacyJobs } from './erasure.jobs';
import { noteInactivityNotice } from '../lifecycle/lifecycle.test-support';
import { createStaffService } from '../operator';
import { importFilePath, importRunJob } from '../imports';
import { createStaffMember } from '../operator/operator.test-support';
import { uploadImport, WITHINGS_FILES, zipOf } from '../imports/imports.test-support';

// The embedded setup (no SMTP_URL): mail is kept in the outbox table, its links logged. The job queue
// runs too, knowing every job but scheduling none, with workers that do not poll during the test: the
// jobs the features send stay in its tables.
let t: TestApp;
let queue: JobQueue;
beforeAll(async () => {
  t = await createTestApp({ config: { smtpUrl: undefined } });
  const unscheduled = allJobs.map(({ cron: _, ...job }) => job);
  queue = await startJobs(t.app.ctx, unscheduled, { pollingIntervalSeconds: 3600, stopTimeoutMs: 1000 });
});
afterAll(async () => {
  await queue?.stop();
  await t?.close();
});

/** Runs `work` with the queue as the app's: what it sends waits there (the rest runs as with JOBS=false). */
async function onTheQueue<T>(work: () => Promise<T>): Promise<T> {
  t.app.ctx.jobs = queue;
  try {
    return await work();
  } finally {
    t.app.ctx.jobs = undefined;
  }
}

const DAY = 24 * 60 * 60 * 1000;
/** The host of the erased user's own partner app: its redirect URI, webhook and notify callbacks. */
const DEV_HOST = 'erased-developer.example.test';
/** Global catalogs that hold nobody's data: seeded by migrations or the operator, not by a user. */
const CATALOGS = new Set([
  'device_models',
  'firmware_versions',
  'erasure_tombstones',
  'policy_versions',
  // A partner app's webhook endpoint: app configuration, no user id in it (webhooks feature).
  'partner_app_webhooks',
  // A clinic: the organisation (name, programme terms), nobody's data; its people are in clinic_staff.
  'clinics',
  // Every public integer user id ever given, bare numbers kept so none is reused (oauth feature).
  'used_partner_user_ids',
  // Maintenance notices and the operator's processor register: shown to everyone, nobody's data.
  'maintenance_windows',
  'processors',
]);
/**
 * Tables of migration 0008 whose feature is being built this session: each is taken off this list by
 * the change that makes the seed below reach it through the feature's own API.
 */
const NOT_YET_SEEDED = new Set<string>([]);
const schemaTables = (Object.values(schema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((table) => getTableName(table));

/** Rows of each table of the app's schema that mention the user's id anywhere, by table name. */
async function rowsMentioning(userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(schemaTables.map((n) => [n, 0]));
  for (const f of await scanTables(t.database, [userId])) counts[f.where.replace(/^public\./, '')] = f.count;
  return counts;
}

/**
 * What deliberately outlives the erasure, each with its reason; a place not listed here that still
 * holds one of the erased user's needles fails the test.
 */
const KEPT: { where: string; needle: 'devClientId' | 'userId'; why: string }[] = [
  {
    where: 'public.partner_connections',
    needle: 'devClientId',
    why:
      "another user's record that they were connected to the erased developer's app and that it was " +
      'disconnected (an opaque client id, disconnected_at set; the app, its name and tokens are gone)',
  },
  {
    where: 'public.audit_events',
    needle: 'devClientId',
    why:
      "another user's security history: they connected the app (its opaque client id). Audit rows are " +
      'append-only and are not rewritten; nothing in them names the erased developer',
  },
  {
    where: 'public.audit_events',
    needle: 'userId',
    why:
      "another user's security history: an operator admin granted them a staff role (staff_role_granted, " +
      'actor_id: the admin, as accountability asks, docs/operators.md). Audit rows are append-only and ' +
      'not rewritten; once the account is gone the id is an opaque random id that resolves to no one',
  },
];
// Kept too, and checked below without a needle in them: the tombstone (the dates of the request and
// the purge, nothing that names the user) and the receipt, handed to the mailer before the purge.

const ago = (h: number) =>
  new Date(t.clock.now().getTime() - h * 3600_000).toISOString().replace('Z', '+00:00');

/** Data in every table a user can have rows in, through the features' own routes and services. */
async function seedEverything(u: TestUser, member: TestUser, owner: TestUser) {
  const ok = (res: { statusCode: number; body: string }, code: number) =>
    expect(res.statusCode, res.body).toBe(code);
  // Second factor: TOTP with recovery codes, a passkey, a pending registration challenge, a failed attempt.
  const { secret } = await enrolTotp(t, u);
  const authenticator = new SoftwareAuthenticator(new URL(t.config.publicUrl).origin);
  const options = await u.client.post('/api/me/passkeys/options');
  ok(
    await u.client.post('/api/me/passkeys', {
      name: 'Laptop',
      response: authenticator.register(options.json()),
    }),
    201,
  );
  ok(await u.client.post('/api/me/passkeys/options'), 200);
  const pending = t.client();
  ok(await pending.post('/api/auth/login', { email: u.user.email, password: u.password }), 200);
  expect(
    (await pending.post('/api/auth/second-factor/totp', { code: wrongCode(t, secret) })).statusCode,
  ).toBe(400);
  // Tokens, consents, cookie choice, goals, an emailed link.
  ok(await u.client.post('/api/me/tokens', { name: 'cli', scopes: ['health:read'] }), 201);
  ok(await u.client.put('/api/me/consents/marketing_email', { granted: true, wordingVersion: 1 }), 200);
  ok(
    await u.client.put('/api/me/cookie-preferences', {
      analytical: true,
      social_media: false,
      marketing: false,
    }),
    200,
  );
  ok(await u.client.put('/api/me/goals/steps', { value: 9000 }), 200);
  ok(await t.client().post('/api/auth/forgot-password', { email: u.user.email }), 202);
  // Clinics: the user runs one (and invites a patient) and is a patient of another, invited by email.
  const mine = await createClinic(t, 'Cabinet du Dr U');
  await t.database.db
    .insert(clinicStaff)
    .values({ userId: u.user.id, clinicId: mine.clinic.id, role: 'clinic_admin' });
  ok(await u.client.post(`/api/clinics/${mine.clinic.id}/patient-invitations`, {}), 201);
  const theirs = await createClinic(t, 'Clinique du Lac');
  ok(
    await theirs.admin.client.post(`/api/clinics/${theirs.clinic.id}/patient-invitations`, {
      email: u.user.email,
    }),
    201,
  );
  await enrolPatient(t, theirs.clinic.id, theirs.admin.client, ['weight', 'blood_pressure'], u);
  // A clinic-provided device: in the clinic's stock, reserved for an invitation, paired to u on accepting.
  const bpm = await makeUnit(t, 'vb-bpm');
  const stock = `/api/clinics/${theirs.clinic.id}/devices`;
  const unit = await theirs.admin.client.post(stock, { serial: bpm.serial, claimCode: bpm.claimCode });
  ok(unit, 201);
  const withDevice = await theirs.admin.client.post(
    `/api/clinics/${theirs.clinic.id}/patient-invitations`,
    {},
  );
  ok(withDevice, 201);
  ok(
    await theirs.admin.client.post(`${stock}/${unit.json().unitId}/assign`, {
      invitationId: withDevice.json().id,
    }),
    200,
  );
  ok(
    await u.client.post(
      '/api/clinic-invitations/patient/accept',
      { categories: ['weight', 'blood_pressure'], termsVersion: 1, wordingVersion: 1 },
      { headers: { 'x-invitation-code': withDevice.json().code } },
    ),
    200,
  );
  // Monitoring: the clinic sets a custom threshold, so the blood pressure below raises an alert.
  ok(
    await theirs.admin.client.put(
      `/api/clinics/${theirs.clinic.id}/patients/${u.user.id}/thresholds/blood_pressure`,
      { limits: { systolicHigh: 130, diastolicHigh: 90, systolicUrgent: 180, diastolicUrgent: 120 } },
    ),
    200,
  );
  // The care team's records: time and a note on u (u's rows), and u's own as staff on a patient of
  // theirs (the clinic's rows, which keep the care but no longer name u).
  const care = (c: string, p: string) => `/api/clinics/${c}/patients/${p}`;
  const today = new Date().toISOString().slice(0, 10);
  for (const [client, clinicId, patientId] of [
    [theirs.admin.client, theirs.clinic.id, u.user.id],
    [u.client, mine.clinic.id, (await enrolPatient(t, mine.clinic.id, u.client, ['weight'])).user.id],
  ] as const) {
    ok(await client.post(`${care(clinicId, patientId)}/time-log`, { day: today, minutes: 9 }), 201);
    ok(await client.post(`${care(clinicId, patientId)}/notes`, { body: 'Called about the cuff.' }), 201);
  }
  // Devices and a household: a shared scale, a member, and the user a member of someone else's home.
  const scale = await pairUnit(u.client, await makeUnit(t, 'vb-scale-body'));
  ok(await u.client.patch(`/api/devices/${scale.id}`, { sharedWithHousehold: true }), 200);
  ok(await u.client.post('/api/household/invitations', { email: member.user.email }), 202);
  ok(await member.client.post(`/api/household/memberships/${u.user.id}/accept`), 204);
  ok(await owner.client.post('/api/household/invitations', { email: u.user.email }), 202);
  ok(await u.client.post(`/api/household/memberships/${owner.user.id}/accept`), 204);
  // Nobody in the household has a weight yet: weigh-ins wait in the inbox (unattributed).
  ok(
    await deviceCall(t, scale.credential, '/api/device/sync', { items: [weighIn(ago(5), 80)] }, syncKey()),
    200,
  );
  const air = await pairUnit(u.client, await makeUnit(t, 'vb-air'));
  ok(
    await deviceCall(t, air.credential, '/api/device/diagnostics', {
      logs: [{ at: ago(2), level: 'warn', message: 'wifi reconnect' }],
      battery: [{ at: ago(2), percent: 80 }],
    }),
    202,
  );
  // Health data: a manual reading (with derived values and the user's note), a series and a session.
  const bp = await u.client.post('/api/health-data/readings', {
    takenAt: ago(3),
    measures: [
      { metric: 'systolic_bp', value: 135, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: 85, unit: 'mmHg' },
    ],
  });
  ok(bp, 201);
  ok(
    await u.client.put(`/api/health-data/readings/${bp.json<{ id: string }>().id}/note`, {
      note: 'after coffee',
      tags: ['morning'],
    }),
    200,
  );
  ok(await u.client.put('/api/me/preferences/units', { mass: 'lb' }), 200);
  const ingest = createHealthDataIngest(t.app.ctx);
  const watch = { source: 'device' as const, deviceId: 'watch-1', deviceKind: 'watch' as const };
  // On a whole minute: a series starts on a multiple of its interval.
  const start = new Date(Math.floor((t.clock.now().getTime() - 3 * DAY) / 60_000) * 60_000).toISOString();
  const sleep = { source: 'device' as const, deviceId: 'sleep-1', deviceKind: 'sleep_analyzer' as const };
  const night = {
    start: new Date(t.clock.now().getTime() - 2 * DAY),
    end: new Date(t.clock.now().getTime() - 2 * DAY + 8 * 3600_000),
  };
  const stored = await ingest.ingest(u.user.id, watch, [
    {
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      start,
      intervalSeconds: 60,
      values: [60, 61, 62, 63],
    },
  ]);
  expect(stored.results[0], JSON.stringify(stored.results)).toMatchObject({ status: 'stored' });
  const slept = await ingest.ingest(u.user.id, sleep, [
    {
      kind: 'session',
      type: 'sleep',
      start: night.start.toISOString(),
      end: night.end.toISOString(),
      stages: [{ stage: 'light', start: night.start.toISOString(), end: night.end.toISOString() }],
    },
  ]);
  expect(slept.results[0]!.status).toBe('stored');
  ok(
    await u.client.get(
      `/api/health-data/derived?kind=bp_category&from=${encodeURIComponent(ago(24))}&to=${encodeURIComponent(ago(-1))}`,
    ),
    200,
  );
  // A privacy request, a policy acceptance, and the announcement of a policy change mailed to them.
  ok(
    await u.client.post('/api/me/privacy-requests', {
      kind: 'rectification',
      message: 'My birth date is wrong, please fix it.',
    }),
    201,
  );
  // Lifecycle and legal (issue #16): u suspended then lifted, a disclosure of u's data, a notice of
  // inactivity; and u as staff (operator admin) scheduling a window, suspending and lifting the member,
  // recording a disclosure about them: erasure keeps those records without u's id.
  const officer = await createStaffMember(t, ['privacy_officer']);
  const suspendedU = await officer.client.post('/api/admin/suspensions', {
    user: u.user.id,
    reason: 'Check.',
  });
  ok(suspendedU, 201);
  ok(
    await officer.client.post(`/api/admin/suspensions/${suspendedU.json().id}/lift`, { reason: 'Fine.' }),
    200,
  );
  const disclosure = (who: TestUser) => ({
    user: who.user.id,
    caseRef: 'PV-42',
    authority: 'Parquet',
    legalBasis: 'CPP 60-1',
    scope: ['identity'],
    requestedAt: new Date(t.clock.now().getTime() - DAY).toISOString(),
  });
  ok(await officer.client.post('/api/admin/disclosures', disclosure(u)), 201);
  await noteInactivityNotice(t.app.ctx, u.user.id);
  await createStaffService(t.app.ctx).grant(u.user.email, 'operator_admin', 'cli');
  const soon = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();
  ok(
    await u.client.post('/api/admin/maintenance', {
      startsAt: soon(48),
      endsAt: soon(49),
      messageEn: 'x',
      messageFr: 'x',
    }),
    201,
  );
  const suspendedMember = await u.client.post('/api/admin/suspensions', {
    user: member.user.id,
    reason: 'Check.',
  });
  ok(suspendedMember, 201);
  ok(
    await u.client.post(`/api/admin/suspensions/${suspendedMember.json().id}/lift`, { reason: 'Fine.' }),
    200,
  );
  ok(await u.client.post('/api/admin/disclosures', disclosure(member)), 201);
  // u, an operator admin, grants the member a role from the console: the grant stays, u's id goes.
  ok(await u.client.post('/api/admin/staff/grants', { email: member.user.email, role: 'support' }), 200);
  ok(await u.client.post('/api/me/policies/acceptances', { document: 'terms', version: '1' }), 200);
  await t.database.raw.query(
    "INSERT INTO policy_announcements (user_id, document, version) VALUES ($1, 'privacy', '1')",
    [u.user.id],
  );
  // "Download my data": an export built to a file under the exports dir (export feature).
  const asked = await onTheQueue(() => u.client.post('/api/privacy/exports'));
  ok(asked, 202);
  expect(await exportBuildJob.run(t.app.ctx, { userId: u.user.id, exportId: asked.json().id })).toBe('built');
  expect(existsSync(exportFilePath(t.config, u.user.id, asked.json().id))).toBe(true);
  // Bring your data: one Withings archive imported (rows carry its id), one upload left half-way (its file).
  const archive = await zipOf(WITHINGS_FILES);
  const imported = await uploadImport(u.client, archive);
  expect(await onTheQueue(() => importRunJob.run(t.app.ctx, { userId: u.user.id, importId: imported }))).toBe(
    'done',
  );
  const halfWay = await u.client.post('/api/me/imports', {
    format: 'withings_archive',
    fileName: 'w.zip',
    size: archive.length,
  });
  ok(halfWay, 201);
  ok(
    await u.client.put(`/api/me/imports/${halfWay.json().id}/content`, archive.subarray(0, 100), {
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `bytes 0-99/${archive.length}`,
      },
    }),
    200,
  );
  expect(existsSync(importFilePath(t.config, u.user.id, halfWay.json().id))).toBe(true);
  // Someone else read the user's data (through the one access point).
  await accessUserData(
    t.app.ctx,
    {
      actor: { type: 'support', id: 'agent-7', name: 'Support' },
      userId: u.user.id,
      purpose: 'ticket 42',
      what: ['identity'],
    },
    async () => null,
  );
  // Support (P11): a request with the user's messages and support's reply (mailed), support's ask, the
  // user's grant, and support's read of the weight granted (in the user's access log).
  const agent = await createStaffMember(t, ['support']);
  const help = await u.client.post('/api/me/support/requests', {
    topic: 'device',
    message: 'Scale offline.',
  });
  ok(help, 201);
  const mineAsSeenBySupport = `/api/admin/support/requests/${u.user.id}/${help.json().id}`;
  ok(
    await agent.client.post(`${mineAsSeenBySupport}/asks`, { categories: ['weight'], reason: 'Weigh-ins?' }),
    204,
  );
  const supportAsk = (await u.client.get(`/api/me/support/requests/${help.json().id}`)).json().grants[0].id;
  const granting = `/api/me/support/requests/${help.json().id}/grants/${supportAsk}/grant`;
  ok(await u.client.post(granting, { categories: ['weight'] }), 200);
  ok(
    await agent.client.get(
      `${mineAsSeenBySupport}/readings?metric=weight&from=${encodeURIComponent(ago(24 * 30))}&to=${encodeURIComponent(ago(-1))}`,
    ),
    200,
  );
  ok(await agent.client.post(`${mineAsSeenBySupport}/messages`, { message: 'Fixed on our side.' }), 204);
  // Partner apps: an app the user connected (connection, oidc-provider rows) and one they registered.
  const partner = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  await connectPartner(t, u, partner, ['user.metrics']);
  const registered = await u.client.post('/api/developer/apps', {
    name: 'My app',
    redirectUris: [`https://${DEV_HOST}/cb`],
    scopes: ['user.info', 'user.metrics'],
  });
  ok(registered, 201);
  const devApp = {
    clientId: registered.json().clientId as string,
    clientSecret: registered.json().clientSecret as string,
    redirectUri: `https://${DEV_HOST}/cb`,
    name: 'My app',
  };
  // The user's app has a webhook endpoint and signing secret, and the member connected to it.
  const hook = await u.client.put(`/api/developer/apps/${devApp.clientId}/webhook`, {
    url: `https://${DEV_HOST}/hooks`,
  });
  ok(hook, 200);
  const memberTokens = await connectPartner(t, member, devApp, ['user.metrics']);
  // Partner notifications (webhooks feature): a subscription, a delivery and its failed attempt.
  const subscribeAndWeigh = async (who: TestUser, clientId: string, callbackUrl: string, kg: number) => {
    const at = t.clock.now();
    await createNotifyRepo(t.database.db).upsert({
      userId: who.user.id,
      clientId,
      appli: 1,
      callbackUrl,
      comment: null,
      at,
    });
    const measures = [{ metric: 'weight', value: kg, unit: 'kg' }];
    ok(await who.client.post('/api/health-data/readings', { takenAt: ago(1), measures }), 201);
  };
  await subscribeAndWeigh(u, partner.clientId, 'https://partner.example.test/notify', 79.5);
  // The retry is a job sent 10 s ahead (webhooks feature).
  expect(await onTheQueue(() => runDueDeliveries(t))).toEqual(['retrying']);
  // A FHIR Bulk Data export the partner started, with one NDJSON file (fhir feature).
  const [bulk] = await t.database.db
    .insert(fhirExports)
    .values({
      userId: u.user.id,
      clientId: partner.clientId,
      scopes: ['patient/Observation.rs'],
      types: ['Observation'],
      requestUrl: 'http://localhost/fhir/R4/Patient/$export',
      status: 'ready',
      requestedAt: t.clock.now(),
    })
    .returning();
  await t.database.db.insert(fhirExportFiles).values({
    userId: u.user.id,
    exportId: bulk!.id,
    seq: 1,
    resourceType: 'Observation',
    count: 1,
    content: '{"resourceType":"Observation"}\n',
  });
  // The member's side of the user's app: a notify subscription to its server, and a reading that
  // makes a delivery to its webhook (the endpoint's URL is copied into the delivery).
  await subscribeAndWeigh(member, devApp.clientId, `https://${DEV_HOST}/notify`, 61);
  // A finished job's archived copy, as pg-boss's maintenance moves it (after 12 hours by default).
  await t.database.raw.query(
    `INSERT INTO ${JOB_SCHEMA}.archive SELECT j.*, now() FROM ${JOB_SCHEMA}.job j WHERE j.name = $1`,
    [EXPORT_JOB],
  );
  return { devApp, webhookSecret: hook.json().secret as string, memberTokens };
}

describe('erasure purge: nothing of the user is left in any table, file or log line', () => {
  it('seeds every table, erases, purges after 8 days, and finds nothing but what is kept on purpose', async () => {
    const u = await createTestUser(t, { displayName: 'Erin Purgeworth' });
    const member = await createTestUser(t);
    const owner = await createTestUser(t);
    const bystander = await createTestUser(t);
    const { devApp, webhookSecret, memberTokens } = await seedEverything(u, member, owner);
    expect(
      (
        await bystander.client.post('/api/health-data/readings', {
          takenAt: ago(1),
          measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
        })
      ).statusCode,
    ).toBe(201);

    const seeded = await rowsMentioning(u.user.id);
    const empty = schemaTables.filter(
      (n) => !CATALOGS.has(n) && !NOT_YET_SEEDED.has(n) && n !== 'erasure_requests' && seeded[n] === 0,
    );
    expect(empty, 'tables the seed did not reach').toEqual([]);
    const needles = {
      userId: u.user.id,
      email: u.user.email,
      name: u.user.displayName,
      devClientId: devApp.clientId,
      devHost: DEV_HOST,
      webhookSecret,
    };
    const names = Object.fromEntries(Object.entries(needles).map(([k, v]) => [v, k]));
    const before = await scanTables(t.database, Object.values(needles));
    const where = (needle: keyof typeof needles) =>
      before.filter((f) => f.needle === needles[needle]).map((f) => f.where);
    // The places this test is about are reached by the seed: the job queue, its archive, another user's
    // outbox (the household invitation names the user), the app's webhook secret and the member's rows.
    expect(where('userId')).toEqual(expect.arrayContaining([`${JOB_SCHEMA}.job`, `${JOB_SCHEMA}.archive`]));
    expect(where('name')).toContain('public.mail_outbox');
    expect(where('webhookSecret')).toEqual(['public.partner_app_webhooks']);
    expect(where('devHost')).toEqual(
      expect.arrayContaining(['public.notify_subscriptions', 'public.webhook_deliveries']),
    );
    expect(where('devClientId')).toEqual(
      expect.arrayContaining(['public.oidc_payloads', 'public.partner_connections']),
    );
    const bystanderBefore = await rowsMentioning(bystander.user.id);
    expect(bystanderBefore.health_readings).toBeGreaterThan(0);
    const tombstones = await countRows('public.erasure_tombstones');

    // The request: the second factor is on, so a TOTP code is given.
    const [totp] = await t.database.raw
      .query<{ secret: string }>('SELECT secret FROM totp_credentials WHERE user_id = $1', [u.user.id])
      .then((r) => r.rows);
    t.clock.advance(60_000);
    const res = await u.client.post('/api/me/erasure', {
      currentPassword: u.password,
      secondFactorCode: totpCodeAt(totp!.secret, t.clock.now()),
    });
    expect(res.statusCode, res.body).toBe(202);
    const pendingRows = await rowsMentioning(u.user.id);
    expect(pendingRows.erasure_requests).toBe(1);
    expect(pendingRows.sessions).toBe(0);
    expect(pendingRows.personal_access_tokens).toBe(0);
    expect(pendingRows.manufactured_units).toBe(0);

    // The purge, with its log lines (and the outbox mailer's) kept to be read.
    t.clock.advance(8 * DAY);
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const mailer = createMailer({ from: t.config.mailFrom, db: t.database.db, log });
    const purge = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!;
    expect(await purge.run({ ...t.app.ctx, log, mailer }, {})).toBe(1);
    // The receipt was handed to the mailer (here the outbox) before the purge; the log says so with
    // neither address nor id, and the purge removed the outbox copy with the rest.
    expect(
      lines.some((l) => l.includes('mail kept in the outbox: Vitalbase: your account has been deleted')),
    ).toBe(true);

    const findings: Finding[] = [
      ...(await scanTables(t.database, Object.values(needles))),
      ...scanFiles(t.config.dataDir, Object.values(needles)),
      ...scanLines('purge log', lines, Object.values(needles)),
    ];
    const left = findings
      .map((f) => ({ ...f, needle: names[f.needle] as keyof typeof needles }))
      .filter((f) => !KEPT.some((k) => k.where === f.where && k.needle === f.needle));
    expect(left, 'places still holding the erased user').toEqual([]);
    // The one id kept in audit rows is the erased admin's as another user's actor: their own trail went.
    const { rows: ownTrail } = await t.database.raw.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM audit_events WHERE user_id = $1',
      [u.user.id],
    );
    expect(Number(ownTrail[0]?.n)).toBe(0);
    expect(existsSync(path.join(t.config.exportsDir, u.user.id))).toBe(false);
    expect(existsSync(path.join(t.config.dataDir, 'imports', u.user.id))).toBe(false);

    // What is kept on purpose is there, and as described.
    expect(await countRows('public.erasure_tombstones')).toBe(tombstones + 1);
    const { rows: kept } = await t.database.raw.query<{ disconnected: boolean }>(
      'SELECT disconnected_at IS NOT NULL AS disconnected FROM partner_connections WHERE user_id = $1 AND client_id = $2',
      [member.user.id, devApp.clientId],
    );
    expect(kept).toEqual([{ disconnected: true }]);
    await expect(authenticatePartnerToken(t.app.ctx, memberTokens.accessToken)).rejects.toMatchObject({
      code: 'invalid_token',
    });

    expect(await rowsMentioning(bystander.user.id)).toEqual(bystanderBefore);
    // The household owner and the member keep their accounts and their own households.
    for (const other of [owner, member]) expect((await other.client.get('/api/me')).statusCode).toBe(200);
    expect((await owner.client.get('/api/household')).statusCode).toBe(200);
  }, 120_000); // the seed walks every feature's API: it grows with each feature
});

describe('erasure purge: a failure logs no user', () => {
  it('an error that names the user (a path under exports/<id>) is logged without the id', async () => {
    const u = await createTestUser(t);
    expect((await u.client.post('/api/me/erasure', { currentPassword: u.password })).statusCode).toBe(202);
    t.clock.advance(8 * DAY);
    // The exports dir is a file: deleting exports/<user id> fails with that path in the message.
    const notADir = path.join(t.config.dataDir, 'not-a-dir');
    writeFileSync(notADir, '');
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const purge = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!;
    await expect(
      purge.run({ ...t.app.ctx, config: { ...t.config, exportsDir: notADir }, log }, {}),
    ).rejects.toThrow(/could not be purged/);
    expect(lines.some((l) => l.includes('erasure purge failed') && l.includes('ENOTDIR'))).toBe(true);
    expect(scanLines('purge log', lines, [u.user.id, u.user.email])).toEqual([]);
    // Once the cause is gone, the next run purges.
    expect(await purge.run(t.app.ctx, {})).toBe(1);
  });
});

async function countRows(table: string): Promise<number> {
  const { rows } = await t.database.raw.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
}
