import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersRepo } from './users.repo';
import { createTestApp, type TestApp } from '../../test/harness';
import {
  BrowserClient,
  signUpAndVerify,
  signUpBody,
  STRONG_PASSWORD,
  tokenOf,
  uniqueEmail,
} from './accounts.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('sign-up and email verification', () => {
  it('creates an unverified account, mails a link that verifies it once, then signs in', async () => {
    const body = signUpBody();
    const browser = new BrowserClient(t);
    const res = await browser.post('/api/auth/signup', body);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'verification_sent' });

    const before = await browser.post('/api/auth/login', { email: body.email, password: body.password });
    expect(before.statusCode).toBe(403);
    expect(before.json().error.code).toBe('email_not_verified');

    const mail = await t.smtp.waitFor(body.email, { subject: /Confirm your email/ });
    const link = t.smtp.linkIn(mail);
    expect(link.startsWith('http://localhost:8080/verify-email?token=')).toBe(true);
    const token = tokenOf(link);
    expect((await browser.post('/api/auth/verify-email', { token })).statusCode).toBe(200);
    const reused = await browser.post('/api/auth/verify-email', { token });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().error.code).toBe('gone');

    const login = await browser.post('/api/auth/login', { email: body.email, password: body.password });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toEqual({ status: 'signed_in' });
    const me = await browser.get('/api/me');
    expect(me.json()).toMatchObject({
      email: body.email,
      emailVerified: true,
      state: 'active',
      secondFactorEnabled: false,
      recommendSecondFactor: true,
    });
  });

  it('sets the session cookie httpOnly, SameSite=Lax, on path /', async () => {
    const { email, password } = await signUpAndVerify(t);
    const res = await new BrowserClient(t).post('/api/auth/login', { email, password });
    const cookie = res.cookies.find((c) => c.name === 'vb_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
  });

  it('answers an email that already has an account exactly like a new one, and tells its owner', async () => {
    const { email } = await signUpAndVerify(t);
    const again = await new BrowserClient(t).post(
      '/api/auth/signup',
      signUpBody({ email: email.toUpperCase() }),
    );
    const fresh = await new BrowserClient(t).post('/api/auth/signup', signUpBody());
    expect(again.statusCode).toBe(fresh.statusCode);
    expect(again.body).toBe(fresh.body);
    const notice = await t.smtp.waitFor(email, { subject: /tried to sign up/ });
    expect(notice.text).toContain('/forgot-password');
  });

  it('refuses weak, common and too-short passwords, and the email or name as password', async () => {
    const browser = new BrowserClient(t);
    for (const password of ['password123', 'qwertyuiop', 'short', '1234567890']) {
      const res = await browser.post('/api/auth/signup', signUpBody({ password }));
      expect(res.statusCode, password).toBe(400);
      expect(['weak_password', 'invalid_input']).toContain(res.json().error.code);
    }
    const email = uniqueEmail('grace.hopper');
    const res = await browser.post('/api/auth/signup', signUpBody({ email, password: email }));
    expect(res.statusCode).toBe(400);
    const named = await browser.post(
      '/api/auth/signup',
      signUpBody({ displayName: 'Marguerite Yourcenar', password: 'MargueriteYourcenar' }),
    );
    expect(named.statusCode).toBe(400);
    expect(named.json().error.code).toBe('weak_password');
  });

  it('stores nothing for a refused sign-up', async () => {
    const body = signUpBody({ password: 'password123' });
    await new BrowserClient(t).post('/api/auth/signup', body);
    expect(await createUsersRepo(t.database.db).findByEmail(body.email)).toBeUndefined();
  });

  it('resends a verification link with the same answer for unknown emails; the new link voids the old', async () => {
    const body = signUpBody();
    const browser = new BrowserClient(t);
    await browser.post('/api/auth/signup', body);
    const first = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(body.email, { subject: /Confirm/ })));
    const known = await browser.post('/api/auth/resend-verification', { email: body.email });
    const unknown = await browser.post('/api/auth/resend-verification', { email: uniqueEmail() });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const second = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(body.email, { subject: /Confirm/ })));
    expect(second).not.toBe(first);
    expect((await browser.post('/api/auth/verify-email', { token: first })).statusCode).toBe(410);
    expect((await browser.post('/api/auth/verify-email', { token: second })).statusCode).toBe(200);
  });

  it('expires verification links after 48 hours (410), and answers 404 for unknown or malformed ones', async () => {
    const body = signUpBody();
    const browser = new BrowserClient(t);
    await browser.post('/api/auth/signup', body);
    const token = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(body.email, { subject: /Confirm/ })));
    const [userId] = token.split('.');
    const forged = await browser.post('/api/auth/verify-email', { token: `${userId}.${'A'.repeat(43)}` });
    expect(forged.statusCode).toBe(404);
    expect((await browser.post('/api/auth/verify-email', { token: 'nonsense' })).statusCode).toBe(404);
    t.clock.advance(49 * 3600 * 1000);
    const late = await browser.post('/api/auth/verify-email', { token });
    expect(late.statusCode).toBe(410);
  });

  it('records sign-up and verification in the security events', async () => {
    const { email, password } = await signUpAndVerify(t);
    const browser = new BrowserClient(t);
    await browser.post('/api/auth/login', { email, password });
    const events = (await browser.get('/api/me/security-events')).json() as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(['login_succeeded', 'email_verified', 'signup']);
  });

  it('accepts a strong password at the minimum length', async () => {
    const res = await new BrowserClient(t).post('/api/auth/signup', signUpBody({ password: 'Zq8#vLr!2w' }));
    expect(res.statusCode, res.body).toBe(202);
    expect(STRONG_PASSWORD.length).toBeGreaterThanOrEqual(10);
  });
});

describe('POST /api/password-strength', () => {
  it('scores with the rule sign-up enforces, counting the given user inputs', async () => {
    const browser = new BrowserClient(t);
    const weak = await browser.post('/api/password-strength', { password: 'password123' });
    expect(weak.statusCode).toBe(200);
    expect(weak.json()).toMatchObject({ ok: false, problems: expect.arrayContaining(['common']) });
    expect(weak.json().feedback.warning).toMatch(/common/i);
    const strong = await browser.post('/api/password-strength', { password: STRONG_PASSWORD });
    expect(strong.json()).toMatchObject({ ok: true, problems: [] });
    const personal = await browser.post('/api/password-strength', {
      password: 'lovelace.ada',
      userInputs: ['lovelace.ada@example.test'],
    });
    expect(personal.json().ok).toBe(false);
  });
});
