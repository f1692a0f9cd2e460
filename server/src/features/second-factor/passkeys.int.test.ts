import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { SoftwareAuthenticator } from './software-authenticator';
import {
  addPasskey as addPasskeyVia,
  auditActions,
  enrolTotp,
  expectBadInput,
  expectSignedIn,
  MALFORMED_BODIES,
  signInWithPassword,
  stepUpAssertion,
  totpCodeAt,
} from './second-factor.test-support';

let t: TestApp;
let origin: string;
beforeAll(async () => {
  t = await createTestApp();
  origin = new URL(t.config.publicUrl).origin;
});
afterAll(() => t?.close());

const addPasskey = (user: TestUser, name?: string, authenticator?: SoftwareAuthenticator) =>
  addPasskeyVia(t, user, name, authenticator);

/** Password sign-in, then the passkey options the pending session gets. */
async function pendingWithOptions(user: TestUser) {
  const { browser, answer } = await signInWithPassword(t, user);
  expect(answer.status).toBe('second_factor_required');
  const options = await browser.post('/api/auth/second-factor/passkey/options');
  expect(options.statusCode, options.body).toBe(200);
  return { browser, options: options.json() };
}

describe('registering a passkey', () => {
  it('answers registration options for this account, then stores the verified credential', async () => {
    const user = await createTestUser(t);
    const options = await user.client.post('/api/me/passkeys/options');
    expect(options.statusCode).toBe(200);
    const o = options.json();
    expect(o.rp).toEqual({ name: 'Vitalbase', id: 'localhost' });
    expect(o.user.name).toBe(user.user.email);
    expect(o.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(o.attestation).toBe('none');

    const authenticator = new SoftwareAuthenticator(origin);
    const res = await user.client.post('/api/me/passkeys', {
      name: 'YubiKey',
      response: authenticator.register(o),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      name: 'YubiKey',
      createdAt: expect.any(String),
      lastUsedAt: null,
      // The account's first second factor: its recovery codes come with it (step-up.int.test.ts).
      recoveryCodes: expect.any(Array),
    });

    const { recoveryCodes: _codes, ...added } = res.json();
    const list = await user.client.get('/api/me/passkeys');
    expect(list.json()).toEqual([added]);
    expect((await user.client.get('/api/me/second-factor')).json()).toMatchObject({ passkeys: 1 });
    expect(await auditActions(t, user.user.id)).toContain('passkey_added');
    const alert = await t.smtp.waitFor(user.user.email, { subject: /passkey was added/ });
    expect(alert.text).toContain('YubiKey');

    // The next options exclude the registered credential, so the browser will not register it twice.
    const next = (await user.client.post('/api/me/passkeys/options')).json();
    expect(next.excludeCredentials.map((c: { id: string }) => c.id)).toEqual(authenticator.credentialIds);
  });

  it('refuses a response to another challenge, from another origin, replayed, or after 5 minutes', async () => {
    const user = await createTestUser(t);
    const authenticator = new SoftwareAuthenticator(origin);

    const noOptions = await user.client.post('/api/me/passkeys', {
      name: 'x',
      response: authenticator.register({ challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rp: { name: 'Vitalbase' } }),
    });
    expect(noOptions.statusCode).toBe(400);

    let o = (await user.client.post('/api/me/passkeys/options')).json();
    const otherChallenge = authenticator.register(o, {
      challenge: Buffer.from('forged').toString('base64url'),
    });
    expect(
      (await user.client.post('/api/me/passkeys', { name: 'x', response: otherChallenge })).statusCode,
    ).toBe(400);

    o = (await user.client.post('/api/me/passkeys/options')).json();
    const phished = authenticator.register(o, { origin: 'https://vitalbase.evil.test' });
    expect((await user.client.post('/api/me/passkeys', { name: 'x', response: phished })).statusCode).toBe(
      400,
    );

    o = (await user.client.post('/api/me/passkeys/options')).json();
    const good = authenticator.register(o);
    expect((await user.client.post('/api/me/passkeys', { name: 'first', response: good })).statusCode).toBe(
      201,
    );
    // The challenge was used up: the same answer again is refused.
    expect((await user.client.post('/api/me/passkeys', { name: 'again', response: good })).statusCode).toBe(
      400,
    );

    o = (await user.client.post('/api/me/passkeys/options')).json();
    t.clock.advance(5 * 60 * 1000 + 1000);
    const late = await user.client.post('/api/me/passkeys', {
      name: 'late',
      response: authenticator.register(o),
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toMatch(/expired/);

    expect((await user.client.get('/api/me/passkeys')).json().map((p: { name: string }) => p.name)).toEqual([
      'first',
    ]);
  });
});

describe('signing in with a passkey', () => {
  it('the passkey finishes the sign-in; its use is recorded', async () => {
    const user = await createTestUser(t);
    const { authenticator, passkey } = await addPasskey(user);
    const { browser, options } = await pendingWithOptions(user);
    expect(options.rpId).toBe('localhost');
    expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual(authenticator.credentialIds);
    await expectSignedIn(browser, false);

    const res = await browser.post('/api/auth/second-factor/passkey', {
      response: authenticator.authenticate(options),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'signed_in' });
    await expectSignedIn(browser, true);

    const [listed] = (await user.client.get('/api/me/passkeys')).json();
    expect(listed.id).toBe(passkey.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(await auditActions(t, user.user.id)).toContain('second_factor_passed');
  });

  it('refuses a replayed assertion, a tampered signature, another origin, and an expired challenge', async () => {
    const user = await createTestUser(t);
    const { authenticator } = await addPasskey(user);

    const first = await pendingWithOptions(user);
    const assertion = authenticator.authenticate(first.options);
    expect(
      (await first.browser.post('/api/auth/second-factor/passkey', { response: assertion })).statusCode,
    ).toBe(200);

    // Replayed in another pending sign-in (its challenge differs, and the first one is spent).
    const second = await pendingWithOptions(user);
    const replay = await second.browser.post('/api/auth/second-factor/passkey', { response: assertion });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error).toMatchObject({ code: 'invalid_code', details: { attemptsLeft: 4 } });
    await expectSignedIn(second.browser, false);

    let o = (await second.browser.post('/api/auth/second-factor/passkey/options')).json();
    const tampered = authenticator.authenticate(o, { tamper: true });
    expect(
      (await second.browser.post('/api/auth/second-factor/passkey', { response: tampered })).statusCode,
    ).toBe(400);

    o = (await second.browser.post('/api/auth/second-factor/passkey/options')).json();
    const phished = authenticator.authenticate(o, { origin: 'https://vitalbase.evil.test' });
    expect(
      (await second.browser.post('/api/auth/second-factor/passkey', { response: phished })).statusCode,
    ).toBe(400);

    o = (await second.browser.post('/api/auth/second-factor/passkey/options')).json();
    t.clock.advance(5 * 60 * 1000 + 1000);
    const late = await second.browser.post('/api/auth/second-factor/passkey', {
      response: authenticator.authenticate(o),
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details).toEqual({ attemptsLeft: 1 });
    await expectSignedIn(second.browser, false);

    // A fresh challenge still works (the last attempt left).
    o = (await second.browser.post('/api/auth/second-factor/passkey/options')).json();
    const ok = await second.browser.post('/api/auth/second-factor/passkey', {
      response: authenticator.authenticate(o),
    });
    expect(ok.statusCode).toBe(200);
  });

  it("refuses another user's passkey", async () => {
    const alice = await createTestUser(t);
    const bob = await createTestUser(t);
    const { authenticator: alicesKey } = await addPasskey(alice);
    await addPasskey(bob);
    const { browser, options } = await pendingWithOptions(bob);
    // Alice's authenticator answers Bob's challenge with Alice's credential.
    const response = alicesKey.authenticate(options, { credentialId: alicesKey.credentialIds[0] });
    const res = await browser.post('/api/auth/second-factor/passkey', { response });
    expect(res.statusCode).toBe(400);
    await expectSignedIn(browser, false);
  });

  it('has no options for an account without a passkey', async () => {
    const user = await createTestUser(t);
    await enrolTotp(t, user);
    const { browser } = await signInWithPassword(t, user);
    const res = await browser.post('/api/auth/second-factor/passkey/options');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('no_passkey');
    expect((await t.client().post('/api/auth/second-factor/passkey/options')).statusCode).toBe(401);
  });
});

describe('removing a passkey', () => {
  it("removes one's own (alerted); another user's id is 404 and stays", async () => {
    const alice = await createTestUser(t);
    const mallory = await createTestUser(t);
    const { passkey, authenticator } = await addPasskey(alice, 'Phone');
    await addPasskey(mallory, 'Mallory key');

    expect(
      (await mallory.client.get('/api/me/passkeys')).json().map((p: { name: string }) => p.name),
    ).toEqual(['Mallory key']);
    const stolen = await mallory.client.request('DELETE', `/api/me/passkeys/${passkey.id}`, {
      currentPassword: mallory.password,
    });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().error.code).toBe('not_found');
    expect((await alice.client.get('/api/me/passkeys')).json()).toHaveLength(1);

    // Passkey-only account with recovery codes: removing the last passkey also voids the codes.
    expect((await alice.client.get('/api/me/second-factor')).json().recoveryCodesLeft).toBe(10);
    const del = await alice.client.request('DELETE', `/api/me/passkeys/${passkey.id}`, {
      passkey: await stepUpAssertion(alice, authenticator),
    });
    expect(del.statusCode).toBe(204);
    expect((await alice.client.get('/api/me/second-factor')).json()).toEqual({
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
    await t.smtp.waitFor(alice.user.email, { subject: /passkey was removed/ });
    expect(await auditActions(t, alice.user.id)).toContain('passkey_removed');
    expect(
      (
        await alice.client.request('DELETE', `/api/me/passkeys/${passkey.id}`, {
          currentPassword: alice.password,
        })
      ).statusCode,
    ).toBe(404);
    expect((await signInWithPassword(t, alice)).answer.status).toBe('signed_in');
  });

  it('keeps the recovery codes while another factor remains', async () => {
    const user = await createTestUser(t);
    const { recoveryCodes } = await enrolTotp(t, user);
    const { passkey } = await addPasskey(user);
    const del = await user.client.request('DELETE', `/api/me/passkeys/${passkey.id}`, {
      currentPassword: user.password,
      code: recoveryCodes[0],
    });
    expect(del.statusCode, del.body).toBe(204);
    expect((await user.client.get('/api/me/second-factor')).json()).toEqual({
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 9,
    });
  });
});

describe('recovery codes with a second factor of another kind', () => {
  it('keeps the codes a passkey came with when an authenticator app is added after it', async () => {
    const user = await createTestUser(t);
    const { passkey } = await addPasskey(user);
    const { recoveryCodes } = passkey as { recoveryCodes?: string[] };
    expect(recoveryCodes).toHaveLength(10);

    const enrol = await user.client.post('/api/me/totp/enroll', { currentPassword: user.password });
    expect(enrol.statusCode, enrol.body).toBe(200);
    const confirm = await user.client.post('/api/me/totp/confirm', {
      code: totpCodeAt(enrol.json().secret, t.clock.now()),
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    // The user already holds codes: none are issued, and the ones they hold still work.
    expect(confirm.json().recoveryCodes).toBeUndefined();
    expect((await user.client.get('/api/me/second-factor')).json()).toEqual({
      totp: true,
      passkeys: 1,
      recoveryCodesLeft: 10,
    });
    const { browser, answer } = await signInWithPassword(t, user);
    expect(answer.status).toBe('second_factor_required');
    const second = await browser.post('/api/auth/second-factor/recovery-code', { code: recoveryCodes![0] });
    expect(second.statusCode, second.body).toBe(200);
    await t.smtp.waitFor(user.user.email, { subject: /authenticator app was turned on/ });
  });
});

describe('bad input', () => {
  it('is a 400 in the error format on every passkey route, and nothing is stored', async () => {
    const user = await createTestUser(t);
    const authenticator = new SoftwareAuthenticator(origin);
    const o = (await user.client.post('/api/me/passkeys/options')).json();
    const good = authenticator.register(o);
    const registrations: unknown[] = [
      { response: good },
      { name: 'x' },
      { name: '', response: good },
      { name: 'bell\u0007', response: good },
      { name: '🔑'.repeat(300), response: good },
      { name: 'x', response: { ...good, type: 'password' } },
      { name: 'x', response: { ...good, id: 'not base64url!' } },
      { name: 'x', response: { ...good, response: { clientDataJSON: good.response.clientDataJSON } } },
      {
        name: 'x',
        response: { ...good, response: { ...good.response, attestationObject: 'A'.repeat(40_000) } },
      },
      { name: 'x', response: 'a string' },
      { name: 'x', response: good, extra: true },
    ];
    for (const body of registrations) await expectBadInput(user.client, 'POST', '/api/me/passkeys', body);
    for (const { body, raw } of MALFORMED_BODIES)
      await expectBadInput(user.client, 'POST', '/api/me/passkeys', body, raw);
    for (const id of ['nope', '123', `${crypto.randomUUID()}0`]) {
      await expectBadInput(user.client, 'DELETE', `/api/me/passkeys/${id}`, undefined);
    }
    // Well-formed but not a WebAuthn answer: refused by the verifier as a 400, not a 500.
    const garbage = await user.client.post('/api/me/passkeys', {
      name: 'x',
      response: { ...good, response: { ...good.response, attestationObject: 'AAAA' } },
    });
    expect(garbage.statusCode).toBe(400);
    expect((await user.client.get('/api/me/passkeys')).json()).toEqual([]);

    const { authenticator: registered } = await addPasskey(user);
    const { browser, options } = await pendingWithOptions(user);
    const assertion = registered.authenticate(options);
    for (const body of [
      {},
      { response: { ...assertion, type: 'x' } },
      { response: { ...assertion, response: { ...assertion.response, signature: '***' } } },
      { response: { ...assertion, response: { clientDataJSON: assertion.response.clientDataJSON } } },
      { response: assertion, more: 1 },
    ]) {
      await expectBadInput(browser, 'POST', '/api/auth/second-factor/passkey', body);
    }
    for (const { body, raw } of MALFORMED_BODIES) {
      await expectBadInput(browser, 'POST', '/api/auth/second-factor/passkey', body, raw);
    }
    await expectSignedIn(browser, false);
  });

  it('a token cannot register passkeys', async () => {
    const user = await createTestUser(t);
    const created = await user.client.post('/api/me/tokens', { name: 't', scopes: ['profile:read'] });
    const bot = user.client.bearer(created.json().token);
    const res = await bot.post('/api/me/passkeys/options');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('session_required');
  });
});
