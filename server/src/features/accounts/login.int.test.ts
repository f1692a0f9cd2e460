import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { totpCredentials } from '../second-factor/second-factor.schema';
import { BrowserClient, signIn, signUpAndVerify, uniqueEmail } from './accounts.test-helpers';
import { LOGIN_FREE_FAILURES, LOGIN_LOCK_AFTER } from './login-throttle';
import { RATE_LIMITS } from './rate-limits';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const SECOND = 1000;

describe('sign in', () => {
  it('answers a wrong password and an unknown email identically', async () => {
    const { email } = await signUpAndVerify(t);
    const browser = new BrowserClient(t);
    const wrong = await browser.post('/api/auth/login', { email, password: 'not-the-password-1' });
    const unknown = await browser.post('/api/auth/login', {
      email: uniqueEmail(),
      password: 'not-the-password-1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.cookies.find((c) => c.name === 'vb_session')).toBeUndefined();
  });

  it('makes repeated failures wait longer and longer, then locks; unknown emails behave the same', async () => {
    const { email, password } = await signUpAndVerify(t);
    const ghost = uniqueEmail();
    const browser = new BrowserClient(t);
    const attempt = (who: string, pw = 'wrong-password-0') =>
      browser.post('/api/auth/login', { email: who, password: pw });

    for (let i = 1; i <= LOGIN_FREE_FAILURES; i++) {
      expect((await attempt(email)).statusCode).toBe(401);
      expect((await attempt(ghost)).statusCode).toBe(401);
    }
    // The next failure starts the delays: 1 s, then 2 s, 4 s …
    const waits: number[] = [];
    for (let i = LOGIN_FREE_FAILURES + 1; i < LOGIN_LOCK_AFTER; i++) {
      expect((await attempt(email)).statusCode).toBe(401);
      expect((await attempt(ghost)).statusCode).toBe(401);
      const blocked = await attempt(email);
      const blockedGhost = await attempt(ghost);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.body).toBe(blockedGhost.body);
      const wait = blocked.json().error.details.retryAfterSeconds as number;
      expect(blocked.headers['retry-after']).toBe(String(wait));
      waits.push(wait);
      t.clock.advance(wait * SECOND);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);

    // The lock: even the right password is refused until it ends.
    expect((await attempt(email)).statusCode).toBe(401);
    const locked = await attempt(email, password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    const alert = await t.smtp.waitFor(email, { subject: /locked/ });
    expect(alert.text).toContain('15 minutes');

    t.clock.advance(15 * 60 * SECOND);
    expect((await attempt(email, password)).statusCode).toBe(200);
    // Success clears the count: the next failure costs nothing.
    expect((await attempt(email)).statusCode).toBe(401);
    expect((await attempt(email)).statusCode).toBe(401);

    const events = (await browser.get('/api/me/security-events?limit=100')).json() as Array<{
      action: string;
    }>;
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(LOGIN_LOCK_AFTER + 2);
    expect(actions).toContain('login_locked');
  });

  it('limits sign-in attempts per account across addresses, whether or not the email exists', async () => {
    for (const email of [uniqueEmail(), (await signUpAndVerify(t)).email]) {
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMITS.signIn.perEmail.max; i++) {
        // A new address each time, and a clock moved past every delay: only the per-account limit is left.
        t.clock.advance(3600 * SECOND);
        const res = await new BrowserClient(t).post('/api/auth/login', {
          email,
          password: 'wrong-password-0',
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, LOGIN_FREE_FAILURES)).toEqual([401, 401, 401]);
    }
  });

  it('limits sign-in attempts per address', async () => {
    const browser = new BrowserClient(t);
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.signIn.perAddress.max; i++) {
      const res = await browser.post('/api/auth/login', { email: uniqueEmail(), password: 'x' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(
      (await new BrowserClient(t).post('/api/auth/login', { email: uniqueEmail(), password: 'x' }))
        .statusCode,
    ).toBe(401);
  });

  it('alerts by mail on a sign-in from a browser the account has not used before', async () => {
    const { email, password } = await signUpAndVerify(t);
    await signIn(t, email, password); // the first sign-in ever: no alert
    await signIn(t, email, password); // the same browser again: no alert
    const other = new BrowserClient(t);
    other.userAgent =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1';
    await signIn(t, email, password, other);
    const alert = await t.smtp.waitFor(email, { subject: /New sign-in/ });
    expect(alert.text).toContain('Mobile Safari');
    expect(t.smtp.messages.filter((m) => m.to.includes(email) && /New sign-in/.test(m.subject))).toHaveLength(
      1,
    );
  });

  it('with a second factor on, opens only a second-factor session', async () => {
    const { email, password } = await signUpAndVerify(t);
    const me = await (await signIn(t, email, password)).get('/api/me');
    await t.database.db
      .insert(totpCredentials)
      .values({ userId: me.json().id, secret: 'JBSWY3DPEHPK3PXP', confirmedAt: new Date() });
    const browser = new BrowserClient(t);
    const res = await browser.post('/api/auth/login', { email, password });
    expect(res.json()).toEqual({
      status: 'second_factor_required',
      methods: ['totp', 'recovery_code', 'passkey'],
    });
    expect(browser.getCookie('vb_session')).toBeTruthy();
    const blocked = await browser.get('/api/me');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('second_factor_required');
  });

  it('refuses a disabled account only after the right password', async () => {
    const { user, password } = await createTestUser(t, { state: 'disabled' });
    const wrong = await new BrowserClient(t).post('/api/auth/login', {
      email: user.email,
      password: 'wrong-one-123',
    });
    expect(wrong.statusCode).toBe(401);
    const right = await new BrowserClient(t).post('/api/auth/login', { email: user.email, password });
    expect(right.statusCode).toBe(403);
    expect(right.json().error.code).toBe('account_disabled');
  });
});

describe('sign out', () => {
  it('ends this session only', async () => {
    const { email, password } = await signUpAndVerify(t);
    const a = await signIn(t, email, password);
    const b = await signIn(t, email, password);
    const res = await a.post('/api/auth/logout');
    expect(res.statusCode).toBe(204);
    expect((await a.get('/api/me')).statusCode).toBe(401);
    expect((await b.get('/api/me')).statusCode).toBe(200);
  });

  it('ends every session, this one included', async () => {
    const { email, password } = await signUpAndVerify(t);
    const a = await signIn(t, email, password);
    const b = await signIn(t, email, password);
    const res = await a.post('/api/auth/logout-all');
    expect(res.statusCode).toBe(204);
    expect((await a.get('/api/me')).statusCode).toBe(401);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    const c = await signIn(t, email, password);
    const actions = ((await c.get('/api/me/security-events')).json() as Array<{ action: string }>).map(
      (e) => e.action,
    );
    expect(actions).toContain('logout_all');
  });

  it('needs a session to sign out of all', async () => {
    const res = await new BrowserClient(t).post('/api/auth/logout-all');
    expect(res.statusCode).toBe(401);
  });
});
