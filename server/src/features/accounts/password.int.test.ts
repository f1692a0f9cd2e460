import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { BrowserClient, signIn, signUpAndVerify, tokenOf, uniqueEmail } from './accounts.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const NEW_PASSWORD = 'Orchard-Lantern-Mosaic-7';

async function requestReset(email: string) {
  const res = await new BrowserClient(t).post('/api/auth/forgot-password', { email });
  expect(res.statusCode).toBe(202);
  const mail = await t.smtp.waitFor(email, { subject: /Reset your password/ });
  const link = t.smtp.linkIn(mail);
  expect(link.startsWith('http://localhost:8080/reset-password?token=')).toBe(true);
  return tokenOf(link);
}

describe('forgot password', () => {
  it('mails a single-use link that sets the password and ends every session', async () => {
    const { email, password } = await signUpAndVerify(t);
    const signedIn = await signIn(t, email, password);
    const token = await requestReset(email);
    const browser = new BrowserClient(t);
    const res = await browser.post('/api/auth/reset-password', { token, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect((await signedIn.get('/api/me')).statusCode).toBe(401);
    const again = await browser.post('/api/auth/reset-password', {
      token,
      password: 'Another-Strong-Pass-99',
    });
    expect(again.statusCode).toBe(410);
    expect((await new BrowserClient(t).post('/api/auth/login', { email, password })).statusCode).toBe(401);
    await signIn(t, email, NEW_PASSWORD);
    await t.smtp.waitFor(email, { subject: /password was changed/ });
  });

  it('answers unknown emails exactly like known ones and mails nothing', async () => {
    const { email } = await signUpAndVerify(t);
    const ghost = uniqueEmail();
    const known = await new BrowserClient(t).post('/api/auth/forgot-password', { email });
    const unknown = await new BrowserClient(t).post('/api/auth/forgot-password', { email: ghost });
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    await t.smtp.waitFor(email, { subject: /Reset/ });
    await expect(t.smtp.waitFor(ghost, { timeoutMs: 300 })).rejects.toThrow(/no mail/);
  });

  it('expires the link after 1 hour', async () => {
    const { email } = await signUpAndVerify(t);
    const token = await requestReset(email);
    t.clock.advance(61 * 60 * 1000);
    const res = await new BrowserClient(t).post('/api/auth/reset-password', {
      token,
      password: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(410);
  });

  it('keeps the link usable when the new password is refused', async () => {
    const { email } = await signUpAndVerify(t);
    const token = await requestReset(email);
    const browser = new BrowserClient(t);
    const weak = await browser.post('/api/auth/reset-password', { token, password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');
    expect(
      (await browser.post('/api/auth/reset-password', { token, password: NEW_PASSWORD })).statusCode,
    ).toBe(200);
  });

  it('only the latest link works', async () => {
    const { email } = await signUpAndVerify(t);
    const first = await requestReset(email);
    const second = await requestReset(email);
    const browser = new BrowserClient(t);
    expect(
      (await browser.post('/api/auth/reset-password', { token: first, password: NEW_PASSWORD })).statusCode,
    ).toBe(410);
    expect(
      (await browser.post('/api/auth/reset-password', { token: second, password: NEW_PASSWORD })).statusCode,
    ).toBe(200);
  });

  it('limits reset requests per email', async () => {
    const email = uniqueEmail();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await new BrowserClient(t).post('/api/auth/forgot-password', { email })).statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe('change password', () => {
  it('asks the current password, ends the other sessions, keeps this one, and alerts', async () => {
    const { email, password } = await signUpAndVerify(t);
    const here = await signIn(t, email, password);
    const elsewhere = await signIn(t, email, password);
    const wrong = await here.post('/api/me/password', {
      currentPassword: 'not-it-at-all',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    const weak = await here.post('/api/me/password', {
      currentPassword: password,
      newPassword: 'qwertyuiop12',
    });
    expect(weak.statusCode).toBe(400);
    const res = await here.post('/api/me/password', { currentPassword: password, newPassword: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect((await here.get('/api/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    await t.smtp.waitFor(email, { subject: /password was changed/ });
    await signIn(t, email, NEW_PASSWORD);
    const actions = ((await here.get('/api/me/security-events')).json() as Array<{ action: string }>).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['password_changed', 'password_change_failed']));
  });

  it('needs a signed-in session', async () => {
    const res = await new BrowserClient(t).post('/api/me/password', {
      currentPassword: 'whatever-1234',
      newPassword: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(401);
  });
});
