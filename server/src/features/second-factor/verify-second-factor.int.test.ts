import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createTestApp,
  createTestUser,
  type TestApp,
  type TestUser,
} from '../../test/harness';
import type { SoftwareAuthenticator } from './software-authenticator';
import {
  addPasskey,
  currentCode,
  enrolTotp,
  signInWithPassword,
  wrongCode,
} from './second-factor.test-support';

/**
 * One second-factor check (verifySecondFactor) behind the three places that ask for it: the second
 * step of signing in, turning the authenticator app off, and deleting the account. Each accepts every
 * kind of factor the account has and refuses a wrong one of each kind.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

type Kind = 'totp' | 'recovery_code' | 'passkey';
const KINDS: Kind[] = ['totp', 'recovery_code', 'passkey'];

interface Account {
  user: TestUser;
  secret: string;
  recoveryCodes: string[];
  authenticator: SoftwareAuthenticator;
}

/** An account with every factor: an authenticator app (with its recovery codes) and a passkey. */
async function accountWithEveryFactor(): Promise<Account> {
  const user = await createTestUser(t);
  const { secret, recoveryCodes } = await enrolTotp(t, user);
  return { user, secret, recoveryCodes, authenticator: (await addPasskey(t, user)).authenticator };
}

/** A code of the kind, right or wrong; for a passkey, an assertion over new options (tampered if wrong). */
async function answer(a: Account, kind: Kind, right: boolean, options: () => Promise<unknown>) {
  if (kind === 'totp') return { code: right ? currentCode(t, a.secret) : wrongCode(t, a.secret) };
  // A well-formed recovery code this account was never given.
  if (kind === 'recovery_code') return { code: right ? a.recoveryCodes[0]! : 'abcd-efgh-jkmn' };
  const o = (await options()) as Parameters<SoftwareAuthenticator['authenticate']>[0];
  return { passkey: a.authenticator.authenticate(o, { tamper: !right }) };
}

const stepUpOptions = (client: ApiClient) => async () => {
  const res = await client.post('/api/me/second-factor/passkey/options');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Each place: how it sends an answer, and what shows it worked. */
const PLACES = {
  'signing in': {
    async send(a: Account, kind: Kind, right: boolean, state: { browser?: ApiClient }) {
      state.browser ??= (await signInWithPassword(t, a.user)).browser;
      const browser = state.browser;
      const given = await answer(a, kind, right, async () =>
        (await browser.post('/api/auth/second-factor/passkey/options')).json(),
      );
      const url = { totp: 'totp', recovery_code: 'recovery-code', passkey: 'passkey' }[kind];
      const body = 'passkey' in given ? { response: given.passkey } : given;
      return browser.post(`/api/auth/second-factor/${url}`, body);
    },
    ok: 200,
    async done(_a: Account, state: { browser?: ApiClient }) {
      return (await state.browser!.get('/api/me')).statusCode === 200;
    },
  },
  'turning the authenticator app off': {
    async send(a: Account, kind: Kind, right: boolean) {
      const given = await answer(a, kind, right, stepUpOptions(a.user.client));
      return a.user.client.request('DELETE', '/api/me/totp', { currentPassword: a.user.password, ...given });
    },
    ok: 204,
    async done(a: Account) {
      return (await a.user.client.get('/api/me/second-factor')).json().totp === false;
    },
  },
  'deleting the account': {
    async send(a: Account, kind: Kind, right: boolean) {
      const given = await answer(a, kind, right, stepUpOptions(a.user.client));
      const body = 'code' in given ? { secondFactorCode: given.code } : given;
      return a.user.client.post('/api/me/erasure', { currentPassword: a.user.password, ...body });
    },
    ok: 202,
    async done(a: Account) {
      return (await a.user.client.get('/api/me')).statusCode === 401;
    },
  },
};

describe.each(Object.entries(PLACES))('%s', (_name, place) => {
  it.each(KINDS)('refuses a wrong %s, then accepts the right one', async (kind) => {
    const a = await accountWithEveryFactor();
    const state: { browser?: ApiClient } = {};
    const wrong = await place.send(a, kind, false, state);
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().error.code).toBe('invalid_code');
    expect(await place.done(a, state)).toBe(false);

    const right = await place.send(a, kind, true, state);
    expect(right.statusCode, right.body).toBe(place.ok);
    expect(await place.done(a, state)).toBe(true);
  });
});

describe('a passkey proven for one purpose', () => {
  it('a sign-in assertion does not serve a security action, nor the reverse', async () => {
    const a = await accountWithEveryFactor();
    const { browser } = await signInWithPassword(t, a.user);
    const signInOptions = (await browser.post('/api/auth/second-factor/passkey/options')).json();
    const erase = await a.user.client.post('/api/me/erasure', {
      currentPassword: a.user.password,
      passkey: a.authenticator.authenticate(signInOptions),
    });
    expect(erase.statusCode, erase.body).toBe(400);
    expect((await a.user.client.get('/api/me')).statusCode).toBe(200);

    const stepUp = await stepUpOptions(a.user.client)();
    const signIn = await browser.post('/api/auth/second-factor/passkey', {
      response: a.authenticator.authenticate(stepUp),
    });
    expect(signIn.statusCode, signIn.body).toBe(400);
  });

  it('step-up options need a full browser session and a passkey', async () => {
    const user = await createTestUser(t);
    const none = await user.client.post('/api/me/second-factor/passkey/options');
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('no_passkey');
    const anonymous = await t.client().post('/api/me/second-factor/passkey/options');
    expect(anonymous.statusCode).toBe(401);
  });

  it('with a factor on, a security action without one is 403 second_factor_required', async () => {
    const a = await accountWithEveryFactor();
    const off = await a.user.client.request('DELETE', '/api/me/totp', { currentPassword: a.user.password });
    expect(off.statusCode).toBe(403);
    expect(off.json().error.code).toBe('second_factor_required');
  });
});
