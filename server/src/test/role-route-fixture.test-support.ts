import { partnerScopes, type StaffRole, staffRoleNames, tokenScopes } from '@vitalbase/core';
import { expect } from 'vitest';
import { exportBuildJob } from '../features/export';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from '../features/devices/devices.test-support';
import { createHealthDataIngest } from '../features/health-data';
import { SoftwareAuthenticator } from '../features/second-factor/second-factor.test-support';
import { enrolTotp, signInWithPassword } from '../features/second-factor/second-factor.test-support';
import { startReceiver } from '../features/webhooks/webhooks.test-support';
import { createClinic, enrolPatient, joinStaff } from '../features/clinics/clinics.test-support';
import { createStaffService } from '../features/operator';
import { createStaffMember } from '../features/operator/operator.test-support';
import { importRunJob } from '../features/imports';
import { uploadImport, WITHINGS_FILES, zipOf } from '../features/imports/imports.test-support';
import { randomToken } from '../lib/tokens';
import { type ApiClient, createTestUser, newSessionCookie, type TestApp, type TestUser } from './harness';
import { connectPartner, registerTestPartnerApp } from './partner-harness';

/**
 * The victim of the role × route matrix: an account with one of everything a route can take an id of,
 * and unique markers in its text, so an answer to anyone else that carries them is a leak.
 */
export interface Victim {
  user: TestUser;
  /** Ids a route's path parameters are filled with, by name (see PARAM_IDS in the matrix). */
  ids: Record<string, string>;
  /** Texts only the victim's data holds. */
  markers: string[];
  /** The victim's credentials other than the full browser session. */
  secondFactorStage: ApiClient;
  deviceCredential: string;
  /** Every token scope; and per scope, a token with every scope but that one. */
  pat: string;
  patWithout: Record<string, string>;
  /** Partner access tokens: every partner scope, and `openid` only. */
  partner: string;
  partnerNoScope: string;
  /** Another account (with its own token and partner token), and a member of the victim's household. */
  other: TestUser;
  otherPat: string;
  otherPartner: string;
  member: TestUser;
  /** Clinics (issue #15): the victim shares weight with a clinic; staff of another clinic, and a
   * clinician removed from the victim's clinic (both with a second factor). */
  otherClinicStaff: TestUser;
  removedClinicStaff: TestUser;
  /** The administrator of the victim's clinic (a second factor on). */
  victimClinicAdmin: TestUser;
  /** The operator's staff (issue #16): one member per role (second factor on), a member whose only
   * role was revoked, and an operator admin without a second factor. */
  staff: Record<StaffRole, TestUser>;
  revokedStaff: TestUser;
  staffWithoutSecondFactor: TestUser;
  close(): Promise<void>;
}

const ok = (res: { statusCode: number; body: string }, code: number) =>
  expect(res.statusCode, res.body).toBe(code);

export async function createVictim(t: TestApp): Promise<Victim> {
  const tag = randomToken(6).replace(/[^A-Za-z0-9]/g, 'q');
  const marker = (what: string) => `MRK${tag}${what}`;
  const u = await createTestUser(t, { displayName: marker('name') });
  const other = await createTestUser(t);
  const member = await createTestUser(t);
  const c = u.client;
  const ids: Record<string, string> = { userId: u.user.id, memberId: member.user.id };
  const ago = (h: number) => new Date(t.clock.now().getTime() - h * 3600_000).toISOString();

  // Second factor (so a password sign-in stops at the second-factor stage) and a passkey.
  await enrolTotp(t, u);
  const authenticator = new SoftwareAuthenticator(new URL(t.config.publicUrl).origin);
  const options = await c.post('/api/me/passkeys/options');
  const passkey = await c.post('/api/me/passkeys', {
    name: marker('passkey'),
    response: authenticator.register(options.json()),
  });
  ok(passkey, 201);
  ids.passkeyId = passkey.json().id;
  const { browser: secondFactorStage, answer } = await signInWithPassword(t, u);
  expect(answer.status).toBe('second_factor_required');

  // Personal access tokens.
  const token = async (scopes: readonly string[]) => {
    const res = await c.post('/api/me/tokens', { name: marker('token'), scopes });
    ok(res, 201);
    return res.json() as { id: string; token: string };
  };
  const all = await token(tokenScopes);
  ids.tokenId = all.id;
  const patWithout: Record<string, string> = {};
  for (const scope of tokenScopes)
    patWithout[scope] = (await token(tokenScopes.filter((s) => s !== scope))).token;

  // A shared scale in a household with a member; a weigh-in nobody can be matched to (the inbox).
  const scale = await pairUnit(c, await makeUnit(t, 'vb-scale-body'));
  ids.deviceId = scale.id;
  ok(await c.patch(`/api/devices/${scale.id}`, { name: marker('device'), sharedWithHousehold: true }), 200);
  ok(await c.put('/api/household', { name: marker('household') }), 200);
  ok(await c.post('/api/household/invitations', { email: member.user.email }), 202);
  ok(await member.client.post(`/api/household/memberships/${u.user.id}/accept`), 204);
  ok(
    await deviceCall(t, scale.credential, '/api/device/sync', { items: [weighIn(ago(5), 81.37)] }, syncKey()),
    200,
  );
  const inbox = await c.get('/api/household/inbox');
  ok(inbox, 200);
  ids.inboxId = inbox.json()[0].id;

  // Health data: a reading, a sleep session, a goal, a consent.
  const reading = await c.post('/api/health-data/readings', {
    takenAt: ago(3),
    measures: [{ metric: 'weight', value: 79.5, unit: 'kg' }],
  });
  ok(reading, 201);
  ids.readingId = reading.json().id;
  const night = { start: ago(30), end: ago(22) };
  const sleep = { source: 'device' as const, deviceId: 'sleep-1', deviceKind: 'sleep_analyzer' as const };
  await createHealthDataIngest(t.app.ctx).ingest(u.user.id, sleep, [
    { kind: 'session', type: 'sleep', ...night, stages: [{ stage: 'light', ...night }] },
  ]);
  const sessions = await c.get(`/api/health-data/sessions?from=${ago(48)}&to=${ago(-1)}`);
  ok(sessions, 200);
  ids.healthSessionId = sessions.json().items[0].id;
  ok(await c.put('/api/me/goals/steps', { value: 9000 }), 200);
  ok(await c.put('/api/me/consents/marketing_email', { granted: true, wordingVersion: 1 }), 200);

  // A clinic the victim shares weight with; staff of another clinic; a clinician since removed.
  const victimClinic = await createClinic(t, 'Victim clinic');
  ids.clinicId = victimClinic.clinic.id;
  await enrolPatient(t, victimClinic.clinic.id, victimClinic.admin.client, ['weight'], u);
  const otherClinic = await createClinic(t, 'Other clinic');
  const removedClinicStaff = await joinStaff(t, ids.clinicId, victimClinic.admin.client, 'clinician');
  ok(
    await victimClinic.admin.client.delete(
      `/api/clinics/${ids.clinicId}/staff/${removedClinicStaff.user.id}`,
    ),
    204,
  );

  // The operator's staff: one per role, a revoked one, an operator admin without a second factor.
  const staff = {} as Record<StaffRole, TestUser>;
  for (const role of staffRoleNames) staff[role] = await createStaffMember(t, [role]);
  const revokedStaff = await createStaffMember(t, ['support']);
  await createStaffService(t.app.ctx).revoke(revokedStaff.user.id, 'support', 'cli');
  const staffWithoutSecondFactor = await createStaffMember(t, ['operator_admin'], { secondFactor: false });

  // Support (P11): a request support asked on and the victim granted (weight, the scale's diagnostics),
  // then closed, so it opens nothing to anyone (an open one's reads: support-console.int.test.ts).
  const support = await c.post('/api/me/support/requests', { topic: 'device', message: marker('support') });
  ok(support, 201);
  ids.supportRequestId = support.json().id;
  const supportPath = `/api/me/support/requests/${ids.supportRequestId}`;
  const askPath = `/api/admin/support/requests/${u.user.id}/${ids.supportRequestId}/asks`;
  ok(
    await staff.support.client.post(askPath, { categories: ['weight', 'diagnostics'], reason: 'matrix' }),
    204,
  );
  ids.supportGrantId = (await c.get(supportPath)).json().grants[0].id;
  const grant = { categories: ['weight', 'diagnostics'], deviceIds: [ids.deviceId] };
  ok(await c.post(`${supportPath}/grants/${ids.supportGrantId}/grant`, grant), 200);
  ok(await c.post(`${supportPath}/close`), 200);

  // Privacy: a request, a built export, the browser session's id.
  const request = await c.post('/api/me/privacy-requests', { kind: 'other', message: marker('request') });
  ok(request, 201);
  ids.privacyRequestId = request.json().id;
  const exported = await c.post('/api/privacy/exports');
  ok(exported, 202);
  const exportId: string = exported.json().id;
  ids.exportId = exportId;
  expect(await exportBuildJob.run(t.app.ctx, { userId: u.user.id, exportId })).toBe('built');
  // Bring your data: an imported Withings archive (another user's import is theirs alone).
  ids.importId = await uploadImport(c, await zipOf(WITHINGS_FILES));
  expect(await importRunJob.run(t.app.ctx, { userId: u.user.id, importId: ids.importId })).toBe('done');
  await newSessionCookie(t, u.user.id); // signed in elsewhere too: a session other than this browser's
  const signedIn = (await c.get('/api/me/sessions')).json() as Array<{ id: string; current: boolean }>;
  ids.sessionId = signedIn.find((s) => !s.current)?.id ?? '';

  // A developer app with a webhook, and partner apps the victim connected.
  const devApp = await c.post('/api/developer/apps', {
    name: marker('app'),
    redirectUris: ['https://victim.example.test/cb'],
    scopes: ['user.info'],
  });
  ok(devApp, 201);
  ids.developerAppId = devApp.json().clientId;
  const receiver = await startReceiver();
  ok(await c.put(`/api/developer/apps/${ids.developerAppId}/webhook`, { url: receiver.url }), 200);
  const full = await registerTestPartnerApp(t, { scopes: [...partnerScopes] });
  const partner = (await connectPartner(t, u, full, [...partnerScopes])).accessToken;
  ids.partnerClientId = full.clientId;
  // Another user's token, from another app (disconnecting the victim's app id must be theirs to do).
  const otherApp = await registerTestPartnerApp(t, { scopes: [...partnerScopes] });
  const otherPartner = (await connectPartner(t, other, otherApp, [...partnerScopes])).accessToken;
  const otherPat = await other.client.post('/api/me/tokens', { name: 'other', scopes: tokenScopes });
  ok(otherPat, 201);
  const narrow = await registerTestPartnerApp(t, { scopes: ['openid', 'user.info'] });
  const partnerNoScope = (await connectPartner(t, u, narrow, ['openid'])).accessToken;

  // The FHIR ids of the victim's resources, as the partner sees them.
  const fhirId = async (type: string) => {
    const res = await t.app.inject({
      url: `/fhir/R4/${type}`,
      headers: { authorization: `Bearer ${partner}` },
    });
    ok(res, 200);
    return res.json().entry?.[0]?.resource?.id as string;
  };
  ids.fhirPatientId = await fhirId('Patient');
  ids.fhirDeviceId = await fhirId('Device');
  ids.fhirObservationId = await fhirId('Observation');

  return {
    user: u,
    ids,
    markers: [marker(''), u.user.email],
    secondFactorStage,
    deviceCredential: scale.credential,
    pat: all.token,
    patWithout,
    partner,
    partnerNoScope,
    other,
    otherPat: otherPat.json().token,
    otherPartner,
    member,
    otherClinicStaff: otherClinic.admin,
    removedClinicStaff,
    victimClinicAdmin: victimClinic.admin,
    staff,
    revokedStaff,
    staffWithoutSecondFactor,
    close: () => receiver.close(),
  };
}
