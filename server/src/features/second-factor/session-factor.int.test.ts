import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import {
  ApiClient,
  createTestApp,
  createTestUser,
  newSessionCookie,
  type TestApp,
  type TestUser,
} from '../../test/harness';
import { SESSION_COOKIE } from '../accounts';
import { createClinicWithAdmin } from '../clinics/clinics.test-support';
import { createStaffMember } from '../operator/operator.test-support';
import {
  addPasskey,
  currentCode,
  enrolTotp,
  signInWithPassword,
  wrongCode,
} from './second-factor.test-support';

/**
 * A second factor passed per session (sessions.second_factor_at, issues #15/#16): staff and clinic
 * pages ask for it on the session, not only that the account has one enrolled.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Another browser of the same account, signed in with the password alone (a session made earlier). */
async function passwordOnlyBrowser(user: TestUser) {
  const browser = new ApiClient(t.app as App);
  browser.setCookie(SESSION_COOKIE, await newSessionCookie(t, user.user.id, { secondFactor: false }));
  return browser;
}

const stepUp = (browser: ApiClient, body: Record<string, unknown>) =>
  browser.post('/api/me/second-factor/session', body);

/** A clinic whose admin set TOTP up in their own browser (`admin.client`); answers the secret too. */
async function clinicWithAdmin() {
  const admin = await createTestUser(t);
  const { secret } = await enrolTotp(t, admin);
  const clinic = await createClinicWithAdmin(t, admin, 'Clinique du Port');
  return { clinic, admin, secret };
}

describe('clinic and staff gates ask for the factor on the session', () => {
  it('refuses a session opened before the factor was enrolled elsewhere, and lets it add none', async () => {
    const admin = await createTestUser(t);
    const before = await passwordOnlyBrowser(admin);
    await enrolTotp(t, admin);
    const clinic = await createClinicWithAdmin(t, admin, 'Clinique du Lac');
    // The browser that set the factor up passed it there.
    expect((await admin.client.get(`/api/clinics/${clinic.id}`)).statusCode).toBe(200);

    const refused = await before.get(`/api/clinics/${clinic.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'second_factor_step_up_required',
      details: { methods: ['totp', 'recovery_code'] },
    });
    expect((await before.get('/api/clinics')).json().error.code).toBe('second_factor_step_up_required');
    // Nor may it add a factor of its own to pass with.
    expect((await before.post('/api/me/passkeys/options')).json().error.code).toBe(
      'second_factor_step_up_required',
    );
  });

  it('a step-up with a code opens the staff pages to this session only; a wrong code does not', async () => {
    const staffUser = await createStaffMember(t, ['operator_admin'], { secondFactor: false });
    const { secret } = await enrolTotp(t, staffUser);
    const before = await passwordOnlyBrowser(staffUser);
    const other = await passwordOnlyBrowser(staffUser);
    expect((await before.get('/api/admin/me')).json().error.code).toBe('second_factor_step_up_required');

    const wrong = await stepUp(before, { code: wrongCode(t, secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('invalid_code');
    expect((await before.get('/api/admin/me')).statusCode).toBe(403);

    const passed = await stepUp(before, { code: currentCode(t, secret) });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toEqual({ status: 'second_factor_passed' });
    expect((await before.get('/api/admin/me')).statusCode).toBe(200);
    // Another password-only session of the same account is still refused.
    expect((await other.get('/api/admin/me')).json().error.code).toBe('second_factor_step_up_required');
  });

  it('a step-up with a passkey or a recovery code passes too; nothing given is 400', async () => {
    const { clinic, admin } = await clinicWithAdmin();
    const { authenticator } = await addPasskey(t, admin, 'Key');
    const viaPasskey = await passwordOnlyBrowser(admin);
    expect((await stepUp(viaPasskey, {})).statusCode).toBe(400);
    const options = await viaPasskey.post('/api/me/second-factor/passkey/options');
    const passed = await stepUp(viaPasskey, { passkey: authenticator.authenticate(options.json()) });
    expect(passed.statusCode, passed.body).toBe(200);
    expect((await viaPasskey.get(`/api/clinics/${clinic.id}`)).statusCode).toBe(200);

    const viaRecovery = await passwordOnlyBrowser(admin);
    const codes = await admin.client.post('/api/me/recovery-codes', {
      currentPassword: admin.password,
    });
    expect(codes.statusCode, codes.body).toBe(200);
    const recovered = await stepUp(viaRecovery, { code: codes.json().recoveryCodes[0] });
    expect(recovered.statusCode, recovered.body).toBe(200);
    expect((await viaRecovery.get(`/api/clinics/${clinic.id}`)).statusCode).toBe(200);
  });

  it('a sign-in that finished its second step has passed it', async () => {
    const { clinic, admin, secret } = await clinicWithAdmin();
    const { browser, answer } = await signInWithPassword(t, admin);
    expect(answer.status).toBe('second_factor_required');
    const done = await browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
    expect(done.statusCode, done.body).toBe(200);
    expect((await browser.get(`/api/clinics/${clinic.id}`)).statusCode).toBe(200);
  });

  it('an account without any factor is still told to set one up', async () => {
    const member = await createStaffMember(t, ['support'], { secondFactor: false });
    expect((await member.client.get('/api/admin/me')).json().error.code).toBe('staff_second_factor_required');
  });
});
