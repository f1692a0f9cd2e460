import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { BrowserClient, signIn, signUpAndVerify, tokenOf, uniqueEmail } from './accounts.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('change email', () => {
  it('verifies the new address, alerts the old one, and moves the sign-in', async () => {
    const { email, password } = await signUpAndVerify(t);
    const browser = await signIn(t, email, password);
    const newEmail = uniqueEmail('moved');
    const res = await browser.post('/api/me/email', {
      currentPassword: password,
      newEmail: ` ${newEmail.toUpperCase()} `,
    });
    expect(res.statusCode, res.body).toBe(202);
    const requested = await t.smtp.waitFor(email, { subject: /change of your email address was requested/ });
    expect(requested.text).toContain(newEmail);
    const link = t.smtp.linkIn(await t.smtp.waitFor(newEmail, { subject: /Confirm your new email/ }));
    expect(link.startsWith('http://localhost:8080/confirm-email-change?token=')).toBe(true);
    // Not changed until confirmed.
    expect((await browser.get('/api/me')).json().email).toBe(email);

    const token = tokenOf(link);
    expect((await new BrowserClient(t).post('/api/auth/confirm-email-change', { token })).statusCode).toBe(
      200,
    );
    expect((await new BrowserClient(t).post('/api/auth/confirm-email-change', { token })).statusCode).toBe(
      410,
    );
    await t.smtp.waitFor(email, { subject: /email address was changed/ });
    expect((await browser.get('/api/me')).json()).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await new BrowserClient(t).post('/api/auth/login', { email, password })).statusCode).toBe(401);
    await signIn(t, newEmail, password);
    // The old address is free again.
    const reuse = await new BrowserClient(t).post('/api/auth/signup', {
      email,
      password: 'Another-Strong-Pass-99',
      displayName: 'Newcomer',
      birthDate: '1980-01-01',
      country: 'DE',
      policies: { privacy: '1', terms: '1' },
    });
    expect(reuse.statusCode).toBe(202);
    await t.smtp.waitFor(email, { subject: /Confirm your email/ });
  });

  it('asks the current password', async () => {
    const { email, password } = await signUpAndVerify(t);
    const browser = await signIn(t, email, password);
    const res = await browser.post('/api/me/email', {
      currentPassword: 'wrong-password',
      newEmail: uniqueEmail(),
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers the same for an address that has an account, and tells its owner instead', async () => {
    const a = await signUpAndVerify(t);
    const b = await signUpAndVerify(t);
    const browser = await signIn(t, a.email, a.password);
    const res = await browser.post('/api/me/email', { currentPassword: a.password, newEmail: b.email });
    expect(res.statusCode).toBe(202);
    await t.smtp.waitFor(b.email, { subject: /tried to move an account/ });
    expect((await browser.get('/api/me')).json().email).toBe(a.email);
  });

  it('expires the link after 24 hours', async () => {
    const { email, password } = await signUpAndVerify(t);
    const browser = await signIn(t, email, password);
    const newEmail = uniqueEmail();
    await browser.post('/api/me/email', { currentPassword: password, newEmail });
    const token = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(newEmail)));
    t.clock.advance(25 * 3600 * 1000);
    expect((await new BrowserClient(t).post('/api/auth/confirm-email-change', { token })).statusCode).toBe(
      410,
    );
  });

  it('refuses a link whose address was taken meanwhile, and a link of another kind', async () => {
    const { email, password } = await signUpAndVerify(t);
    const browser = await signIn(t, email, password);
    const newEmail = uniqueEmail();
    await browser.post('/api/me/email', { currentPassword: password, newEmail });
    const token = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(newEmail)));
    expect((await new BrowserClient(t).post('/api/auth/verify-email', { token })).statusCode).toBe(404);
    await signUpAndVerify(t, { email: newEmail });
    const res = await new BrowserClient(t).post('/api/auth/confirm-email-change', { token });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('email_taken');
  });
});
