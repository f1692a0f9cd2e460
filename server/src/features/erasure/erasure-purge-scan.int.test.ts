import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { accessUserData } from '../access-log/access-user-data';
import { exportBuildJob } from '../export/export.jobs';
import { exportFilePath } from '../export/export.service';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from '../devices/devices.test-helpers';
import { createHealthDataIngest } from '../health-data/ingest.service';
import { mailOutbox } from '../mail/mail.schema';
import { SoftwareAuthenticator } from '../second-factor/software-authenticator';
import { enrolTotp, wrongCode } from '../second-factor/test-support';
import { totpCodeAt } from '../second-factor/totp';
import { fhirExportFiles, fhirExports } from '../fhir/fhir.schema';
import { createNotifyRepo } from '../wbsapi/notify.repo';
import { runDueDeliveries } from '../webhooks/webhooks.test-helpers';
import { privacyJobs } from './erasure.jobs';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 60 * 60 * 1000;
/** Global catalogs that hold nobody's data: seeded by migrations or the operator, not by a user. */
const CATALOGS = new Set([
  'device_models',
  'firmware_versions',
  'erasure_tombstones',
  'policy_versions',
  // A partner app's webhook endpoint: app configuration, no user id in it (webhooks feature).
  'partner_app_webhooks',
]);
const schemaTables = (Object.values(schema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((table) => getTableName(table));

/**
 * Rows of each table of the schema that mention the user's id anywhere: the whole row cast to text,
 * which covers every uuid, text and jsonb column (and any other) at once, on PGlite and PostgreSQL.
 */
async function rowsMentioning(userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of schemaTables) {
    const { rows } = await t.database.raw.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM "${name}" AS r WHERE r::text LIKE $1`,
      [`%${userId}%`],
    );
    counts[name] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

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
  // Health data: a manual reading (with derived values), a series and a session.
  ok(
    await u.client.post('/api/health-data/readings', {
      takenAt: ago(3),
      measures: [
        { metric: 'systolic_bp', value: 135, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 85, unit: 'mmHg' },
      ],
    }),
    201,
  );
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
  ok(await u.client.post('/api/me/policies/acceptances', { document: 'terms', version: '1' }), 200);
  await t.database.raw.query(
    "INSERT INTO policy_announcements (user_id, document, version) VALUES ($1, 'privacy', '1')",
    [u.user.id],
  );
  // "Download my data": an export built to a file under the exports dir (export feature).
  const asked = await u.client.post('/api/privacy/exports');
  ok(asked, 202);
  expect(await exportBuildJob.run(t.app.ctx, { userId: u.user.id, exportId: asked.json().id })).toBe('built');
  expect(existsSync(exportFilePath(t.config, u.user.id, asked.json().id))).toBe(true);
  // Someone else read the user's data (through the one access point), and a mail kept in the outbox.
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
  await t.database.db
    .insert(mailOutbox)
    .values({ userId: u.user.id, to: u.user.email, subject: 'Hello', text: 'kept', kind: 'test' });
  // Partner apps: an app the user connected (connection, oidc-provider rows) and one they registered.
  const partner = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  await connectPartner(t, u, partner, ['user.metrics']);
  ok(
    await u.client.post('/api/developer/apps', {
      name: 'My app',
      redirectUris: ['https://mine.example.test/cb'],
      scopes: ['user.info'],
    }),
    201,
  );
  // Partner notifications (webhooks feature): a subscription, a delivery and its failed attempt.
  await createNotifyRepo(t.database.db).upsert({
    userId: u.user.id,
    clientId: partner.clientId,
    appli: 1,
    callbackUrl: 'https://partner.example.test/notify',
    comment: null,
    at: t.clock.now(),
  });
  ok(
    await u.client.post('/api/health-data/readings', {
      takenAt: ago(1),
      measures: [{ metric: 'weight', value: 79.5, unit: 'kg' }],
    }),
    201,
  );
  expect(await runDueDeliveries(t)).toEqual(['retrying']);
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
}

describe('erasure purge: nothing of the user is left in any table', () => {
  it('seeds every table, erases, purges after 8 days, and finds zero rows; others are untouched', async () => {
    const u = await createTestUser(t);
    const member = await createTestUser(t);
    const owner = await createTestUser(t);
    const bystander = await createTestUser(t);
    await seedEverything(u, member, owner);
    expect(
      (
        await bystander.client.post('/api/health-data/readings', {
          takenAt: ago(1),
          measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
        })
      ).statusCode,
    ).toBe(201);

    const seeded = await rowsMentioning(u.user.id);
    const empty = schemaTables.filter((n) => !CATALOGS.has(n) && n !== 'erasure_requests' && seeded[n] === 0);
    expect(empty, 'tables the seed did not reach').toEqual([]);
    const bystanderBefore = await rowsMentioning(bystander.user.id);
    expect(bystanderBefore.health_readings).toBeGreaterThan(0);

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

    t.clock.advance(8 * DAY);
    const purge = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!;
    expect(await purge.run(t.app.ctx, {})).toBe(1);
    await t.smtp.waitFor(u.user.email, { subject: /has been deleted/ });

    // Files too: the user's export archives are gone with the rows.
    expect(existsSync(path.join(t.config.exportsDir, u.user.id))).toBe(false);
    const left = Object.entries(await rowsMentioning(u.user.id)).filter(([, n]) => n > 0);
    expect(left, 'rows still mentioning the erased user').toEqual([]);
    expect(await rowsMentioning(bystander.user.id)).toEqual(bystanderBefore);
    // The household owner and the member keep their accounts and their own households.
    for (const other of [owner, member]) expect((await other.client.get('/api/me')).statusCode).toBe(200);
    expect((await owner.client.get('/api/household')).statusCode).toBe(200);
  });
});
