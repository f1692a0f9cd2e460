import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  addPasskey,
  auditActions,
  currentCode,
  enrolTotp,
  expectBadInput,
  SoftwareAuthenticator,
  signInWithPassword,
  stepUpAssertion,
} from './second-factor.test-support';

/**
 * Step-up (step-up.ts): a passkey that verified its user stands in for the password before a security
 * action, so a passkey-only person can remove factors and delete the account; the first second factor
 * of any kind comes with recovery codes.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const removePasskey = (user: TestUser, id: string, body: unknown) =>
  user.client.request('DELETE', `/api/me/passkeys/${id}`, body);

describe('recovery codes with the first second factor', () => {
  it('answers ten codes with the first passkey, none with the next one or after an authenticator app', async () => {
    const user = await createTestUser(t);
    const { authenticator } = await addPasskey(t, user, 'Spare');
    // addPasskey registered a first key: the account had no factor, so codes came with it.
    const status = (await user.client.get('/api/me/second-factor')).json();
    expect(status).toEqual({ totp: false, passkeys: 1, recoveryCodesLeft: 10 });

    const next = await user.client.post('/api/me/passkeys/options');
    const second = await user.client.post('/api/me/passkeys', {
      name: 'Phone',
      response: authenticator.register(next.json()),
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().recoveryCodes).toBeUndefined();

    const withApp = await createTestUser(t);
    await enrolTotp(t, withApp);
    const o = (await withApp.client.post('/api/me/passkeys/options')).json();
    const res = await withApp.client.post('/api/me/passkeys', {
      name: 'Laptop',
      response: authenticator.register(o),
    });
    expect(res.json().recoveryCodes).toBeUndefined();
  });

  it('the codes answered with the first passkey work at sign-in, and the alert says they were issued', async () => {
    const user = await createTestUser(t);
    const o = (await user.client.post('/api/me/passkeys/options')).json();
    const authenticator = new SoftwareAuthenticator(new URL(t.config.publicUrl).origin);
    const res = await user.client.post('/api/me/passkeys', {
      name: 'Key',
      response: authenticator.register(o),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { recoveryCodes } = res.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    const alert = await t.smtp.waitFor(user.user.email, { subject: /passkey was added/ });
    expect(alert.text).toContain('Recovery codes were issued');

    const { browser, answer } = await signInWithPassword(t, user);
    expect(answer.status).toBe('second_factor_required');
    const second = await browser.post('/api/auth/second-factor/recovery-code', { code: recoveryCodes[0] });
    expect(second.statusCode, second.body).toBe(200);
  });
});

describe('removing a passkey', () => {
  it('asks to re-authenticate: nothing is 403, the password alone is not enough with a factor on', async () => {
    const user = await createTestUser(t);
    const { passkey } = await addPasskey(t, user);
    const none = await removePasskey(user, passkey.id, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const passwordOnly = await removePasskey(user, passkey.id, { currentPassword: user.password });
    expect(passwordOnly.statusCode).toBe(403);
    expect(passwordOnly.json().error.code).toBe('second_factor_required');
    const wrongPassword = await removePasskey(user, passkey.id, { currentPassword: 'not-the-password' });
    expect(wrongPassword.json().error.code).toBe('invalid_password');
    expect((await user.client.get('/api/me/passkeys')).json()).toHaveLength(1);
    expect(await auditActions(t, user.user.id)).not.toContain('passkey_removed');
  });

  it('a passkey that verified its user is enough (no password); the removed key may be the one used', async () => {
    const user = await createTestUser(t);
    const { passkey, authenticator } = await addPasskey(t, user);
    const res = await removePasskey(user, passkey.id, {
      passkey: await stepUpAssertion(user, authenticator),
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await user.client.get('/api/me/second-factor')).json()).toEqual({
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
  });

  it('a security key that did not verify its user also needs the password', async () => {
    const user = await createTestUser(t);
    const { passkey, authenticator } = await addPasskey(t, user);
    const alone = await removePasskey(user, passkey.id, {
      passkey: await stepUpAssertion(user, authenticator, { userVerified: false }),
    });
    expect(alone.statusCode).toBe(403);
    expect(alone.json().error.code).toBe('reauthentication_required');
    const withPassword = await removePasskey(user, passkey.id, {
      currentPassword: user.password,
      passkey: await stepUpAssertion(user, authenticator, { userVerified: false }),
    });
    expect(withPassword.statusCode, withPassword.body).toBe(204);
  });

  it("a sign-in's passkey challenge does not serve a step-up, and an assertion is single use", async () => {
    const user = await createTestUser(t);
    const { passkey, authenticator } = await addPasskey(t, user);
    const { browser } = await signInWithPassword(t, user);
    const signInOptions = (await browser.post('/api/auth/second-factor/passkey/options')).json();
    const wrongCeremony = await removePasskey(user, passkey.id, {
      passkey: authenticator.authenticate(signInOptions),
    });
    expect(wrongCeremony.statusCode).toBe(400);
    expect(wrongCeremony.json().error.code).toBe('invalid_code');

    const assertion = await stepUpAssertion(user, authenticator);
    const other = await addPasskey(t, user, 'Second', authenticator);
    expect((await removePasskey(user, other.passkey.id, { passkey: assertion })).statusCode).toBe(204);
    const replay = await removePasskey(user, passkey.id, { passkey: assertion });
    expect(replay.statusCode).toBe(400);
  });

  it('bad input is a 400 without echo', async () => {
    const user = await createTestUser(t);
    const { passkey } = await addPasskey(t, user);
    for (const body of [
      { currentPassword: '' },
      { currentPassword: 5 },
      { code: 'x'.repeat(100) },
      { passkey: { id: 'not base64!' } },
      { extra: true },
    ]) {
      await expectBadInput(user.client, 'DELETE', `/api/me/passkeys/${passkey.id}`, body);
    }
  });
});

describe('a passkey-only account', () => {
  it('turns its authenticator app off and deletes the account with a passkey, no password', async () => {
    const user = await createTestUser(t);
    const { authenticator } = await addPasskey(t, user);
    await enrolTotp(t, user);
    const off = await user.client.request('DELETE', '/api/me/totp', {
      passkey: await stepUpAssertion(user, authenticator),
    });
    expect(off.statusCode, off.body).toBe(204);

    const erase = await user.client.post('/api/me/erasure', {
      passkey: await stepUpAssertion(user, authenticator),
    });
    expect(erase.statusCode, erase.body).toBe(202);
    expect(await auditActions(t, user.user.id)).toEqual(
      expect.arrayContaining(['totp_disabled', 'erasure_requested']),
    );
  });

  it('without a passkey, deleting still asks the password (and the code when an app is on)', async () => {
    const user = await createTestUser(t);
    const { secret } = await enrolTotp(t, user);
    const none = await user.client.post('/api/me/erasure', {});
    expect(none.statusCode).toBe(400);
    const noCode = await user.client.post('/api/me/erasure', { currentPassword: user.password });
    expect(noCode.json().error.code).toBe('second_factor_required');
    const ok = await user.client.post('/api/me/erasure', {
      currentPassword: user.password,
      secondFactorCode: currentCode(t, secret),
    });
    expect(ok.statusCode, ok.body).toBe(202);
  });

  it('adds an authenticator app and gets new recovery codes with its passkey instead of the password', async () => {
    const user = await createTestUser(t);
    const { authenticator } = await addPasskey(t, user);
    const enrol = await user.client.post('/api/me/totp/enroll', {
      passkey: await stepUpAssertion(user, authenticator),
    });
    expect(enrol.statusCode, enrol.body).toBe(200);
    const codes = await user.client.post('/api/me/recovery-codes', {
      passkey: await stepUpAssertion(user, authenticator),
    });
    expect(codes.statusCode, codes.body).toBe(200);
    expect(codes.json().recoveryCodes).toHaveLength(10);
    expect((await user.client.post('/api/me/recovery-codes', { code: '123456' })).statusCode).toBe(400);
  });
});
