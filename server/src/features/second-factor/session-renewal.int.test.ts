import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  createTestApp,
  createTestUser,
  type TestApp,
  type TestUser,
} from '../../test/harness';
import { SESSION_COOKIE } from '../accounts';
import { SoftwareAuthenticator } from './software-authenticator';
import { currentCode, enrolTotp, expectSignedIn, signInWithPassword } from './second-factor.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Each way of finishing a sign-in: sets the factor up on `user`, then answers it from `browser`. */
const methods: Record<string, (user: TestUser) => Promise<(browser: ApiClient) => Promise<unknown>>> = {
  async totp(user) {
    const { secret } = await enrolTotp(t, user);
    return (browser) => browser.post('/api/auth/second-factor/totp', { code: currentCode(t, secret) });
  },
  async 'recovery code'(user) {
    const { recoveryCodes } = await enrolTotp(t, user);
    return (browser) => browser.post('/api/auth/second-factor/recovery-code', { code: recoveryCodes[0] });
  },
  async passkey(user) {
    const authenticator = new SoftwareAuthenticator(new URL(t.config.publicUrl).origin);
    const options = await user.client.post('/api/me/passkeys/options');
    const added = await user.client.post('/api/me/passkeys', {
      name: 'Laptop',
      response: authenticator.register(options.json()),
    });
    expect(added.statusCode, added.body).toBe(201);
    return async (browser) => {
      const o = await browser.post('/api/auth/second-factor/passkey/options');
      return browser.post('/api/auth/second-factor/passkey', {
        response: authenticator.authenticate(o.json()),
      });
    };
  },
};

describe('the second factor renews the session id', () => {
  for (const [name, setUp] of Object.entries(methods)) {
    it(`${name}: the pending session's cookie stops working, the new one is the signed-in session`, async () => {
      const user = await createTestUser(t);
      const answer = await setUp(user);
      const { browser, answer: first } = await signInWithPassword(t, user);
      expect(first.status).toBe('second_factor_required');
      const pendingCookie = browser.getCookie(SESSION_COOKIE);
      expect(pendingCookie).toBeTruthy();

      const res = (await answer(browser)) as { statusCode: number; body: string };
      expect(res.statusCode, res.body).toBe(200);
      const newCookie = browser.getCookie(SESSION_COOKIE);
      expect(newCookie).toBeTruthy();
      expect(newCookie).not.toBe(pendingCookie);
      await expectSignedIn(browser, true);

      // Whoever knew the pending session's id (fixed or read before the sign-in ended) holds nothing.
      const stale = t.client();
      stale.setCookie(SESSION_COOKIE, pendingCookie!);
      expect((await stale.get('/api/me')).statusCode).toBe(401);
      expect((await stale.post('/api/auth/second-factor/totp', { code: '123456' })).statusCode).toBe(401);

      // The signed-in session is the new one, listed once and marked current.
      const sessions = (await browser.get('/api/me/sessions')).json() as Array<{ current: boolean }>;
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
    });
  }
});
