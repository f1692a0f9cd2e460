import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createTestApp, createTestUser, OFF_PATH_WAIT, type TestApp } from '../../test/harness';
import { totpCredentials } from '../second-factor';
import { BrowserClient, signIn, signUpAndVerify, tokenOf, uniqueEmail } from './accounts.test-support';
import { LOGIN_FREE_FAILURES, LOGIN_GUARD_AFTER } from './login-throttle';
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

  it("slows the guesser's own address more and more; unknown emails behave the same", async () => {
    const { email, password } = await signUpAndVerify(t);
    const ghost = uniqueEmail();
    const browser = new BrowserClient(t);
    const attempt = (who: string, pw = 'wrong-password-0', from = browser) =>
      from.post('/api/auth/login', { email: who, password: pw });
    // The waits are whole seconds from "now": on a moving clock, a loaded machine's pause between the
    // account's attempt and the ghost's gave 8 s and 7 s. Time moves only by the test's advance here.
    t.clock.freeze();
    onTestFinished(() => t.clock.resume());

    // The first 3 failures cost nothing; the attempt after the 3rd must wait 1 s, then 2 s, 4 s …
    for (let i = 1; i < LOGIN_FREE_FAILURES; i++) {
      expect((await attempt(email)).statusCode).toBe(401);
      expect((await attempt(ghost)).statusCode).toBe(401);
    }
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect((await attempt(email)).statusCode).toBe(401);
      expect((await attempt(ghost)).statusCode).toBe(401);
      const blocked = await attempt(email, password);
      const blockedGhost = await attempt(ghost);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.body).toBe(blockedGhost.body);
      const wait = blocked.json().error.details.retryAfterSeconds as number;
      expect(blocked.headers['retry-after']).toBe(String(wait));
      waits.push(wait);
      t.clock.advance(wait * SECOND);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);
    // Meanwhile the owner, from another address, signs in at once.
    expect((await attempt(email, password, new BrowserClient(t))).statusCode).toBe(200);

    // The right password from the slowed address once its wait is over: the count starts afresh.
    expect((await attempt(email, password)).statusCode).toBe(200);
    expect((await attempt(email)).statusCode).toBe(401);
    expect((await attempt(email)).statusCode).toBe(401);
    // Failed sign-ins are recorded off the answer's path (same work for known and unknown emails): the
    // last one may still be on its way when the answer arrives.
    await vi.waitFor(async () => {
      const events = (await browser.get('/api/me/security-events?limit=100')).json() as Array<{
        action: string;
      }>;
      expect(events.filter((e) => e.action === 'login_failed')).toHaveLength(LOGIN_FREE_FAILURES - 1 + 6 + 2);
    }, OFF_PATH_WAIT);
  });

  it('an attacker on many addresses cannot keep the owner out: the right password then needs the mailed link', async () => {
    const { email, password } = await signUpAndVerify(t);
    for (let i = 0; i < LOGIN_GUARD_AFTER * 3; i++) {
      const res = await new BrowserClient(t).post('/api/auth/login', { email, password: `wrong-${i}-xyz` });
      expect(res.statusCode).toBe(401);
    }
    const alert = await t.smtp.waitFor(email, { subject: /Many failed attempts/ });
    expect(alert.text).toContain('not locked');

    const owner = new BrowserClient(t);
    const res = await owner.post('/api/auth/login', { email, password });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'email_link_sent' });
    expect(owner.getCookie('vb_session')).toBeUndefined();
    // A wrong password still answers exactly like before.
    const wrong = await new BrowserClient(t).post('/api/auth/login', { email, password: 'wrong-again-1' });
    expect(wrong.statusCode).toBe(401);

    const mail = await t.smtp.waitFor(email, { subject: /sign-in link/ });
    const link = t.smtp.linkIn(mail);
    expect(link).toMatch(/^http:\/\/localhost:8080\/sign-in-link\?token=/);
    const finished = await owner.post('/api/auth/sign-in-link', { token: tokenOf(link) });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json()).toEqual({ status: 'signed_in' });
    expect((await owner.get('/api/me')).statusCode).toBe(200);
    expect((await owner.post('/api/auth/sign-in-link', { token: tokenOf(link) })).statusCode).toBe(410);

    // The mailbox proved the owner: the guard is over, the password alone works again.
    expect((await new BrowserClient(t).post('/api/auth/login', { email, password })).json()).toEqual({
      status: 'signed_in',
    });
    const actions = (
      (await owner.get('/api/me/security-events?limit=100')).json() as Array<{ action: string }>
    ).map((e) => e.action);
    expect(actions).toContain('login_guarded');
    expect(actions).toContain('sign_in_link_sent');
  });

  it('on a guarded account with a second factor, the password then the second factor, as always', async () => {
    const { email, password } = await signUpAndVerify(t);
    const me = await (await signIn(t, email, password)).get('/api/me');
    await t.database.db
      .insert(totpCredentials)
      .values({ userId: me.json().id, secret: 'JBSWY3DPEHPK3PXP', confirmedAt: new Date() });
    for (let i = 0; i < LOGIN_GUARD_AFTER; i++) {
      await new BrowserClient(t).post('/api/auth/login', { email, password: `wrong-${i}-xyz` });
    }
    const res = await new BrowserClient(t).post('/api/auth/login', { email, password });
    expect(res.json()).toMatchObject({ status: 'second_factor_required' });
  });

  it('a password reset ends the guard', async () => {
    const { email, password } = await signUpAndVerify(t);
    for (let i = 0; i < LOGIN_GUARD_AFTER; i++) {
      await new BrowserClient(t).post('/api/auth/login', { email, password: `wrong-${i}-xyz` });
    }
    expect((await new BrowserClient(t).post('/api/auth/login', { email, password })).json().status).toBe(
      'email_link_sent',
    );
    const browser = new BrowserClient(t);
    expect((await browser.post('/api/auth/forgot-password', { email })).statusCode).toBe(202);
    const mail = await t.smtp.waitFor(email, { subject: /Reset your password/ });
    const newPassword = 'Lantern-Orchard-Brisk-77';
    const reset = await browser.post('/api/auth/reset-password', {
      token: tokenOf(t.smtp.linkIn(mail)),
      password: newPassword,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(
      (await new BrowserClient(t).post('/api/auth/login', { email, password: newPassword })).json(),
    ).toEqual({ status: 'signed_in' });
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
