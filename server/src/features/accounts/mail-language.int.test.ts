import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { BrowserClient, signUpBody, tokenOf } from './accounts.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Signs up in a language, follows the mailed link, and answers the account's browser and first mail. */
async function signUpIn(locale: 'en' | 'fr', subject: RegExp) {
  const body = signUpBody({ locale, timeZone: 'Europe/Paris' });
  const browser = new BrowserClient(t);
  const res = await browser.post('/api/auth/signup', body);
  expect(res.statusCode, res.body).toBe(202);
  const mail = await t.smtp.waitFor(body.email as string, { subject });
  const verified = await browser.post('/api/auth/verify-email', { token: tokenOf(t.smtp.linkIn(mail)) });
  expect(verified.statusCode, verified.body).toBe(200);
  const login = await browser.post('/api/auth/login', { email: body.email, password: body.password });
  expect(login.statusCode, login.body).toBe(200);
  return { browser, email: body.email as string, password: body.password as string, mail };
}

describe("account mails in the account's language (en, fr)", () => {
  it('mails a French account its confirmation and its security alert in French, over SMTP', async () => {
    const { browser, email, password, mail } = await signUpIn('fr', /Confirmez votre adresse e-mail/);
    expect(mail.text).toContain('Bonjour');
    expect(mail.text).toContain('Le lien est valable 48 heures.');
    // French spacing: a no-break space before the colon.
    expect(mail.text).toContain('compte Vitalbase\u00a0:');
    expect(mail.text).not.toMatch(/Confirm your email|Hello/);

    const changed = await browser.post('/api/me/password', {
      currentPassword: password,
      newPassword: 'Ardoise-Tilleul-Boussole-73',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const alert = await t.smtp.waitFor(email, { subject: /Votre mot de passe a été changé/ });
    // The time in French, in the account's zone.
    expect(alert.text).toMatch(/\(\d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(Europe\/Paris\)\)/u);
    expect(alert.text).toContain('réinitialisez votre mot de passe');
    expect(alert.text).toContain(
      'Vérifiez les sessions, les clés d’accès et le second facteur de votre compte\u00a0:',
    );
    expect(t.smtp.linkIn(alert)).toBe('http://localhost:8080/security');
    expect(alert.text).not.toMatch(/password was changed|Review the sessions/);
  });

  it('keeps English for an English account', async () => {
    const { browser, email, password, mail } = await signUpIn('en', /Confirm your email address/);
    expect(mail.text).toContain('Hello');
    await browser.post('/api/me/password', {
      currentPassword: password,
      newPassword: 'Quiet-Harbor-Velvet-58',
    });
    const alert = await t.smtp.waitFor(email, { subject: /Your password was changed/ });
    expect(alert.text).toMatch(/\(\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} \(Europe\/Paris\)\)/);
    expect(alert.text).toContain('Review the sessions, passkeys and second factor of your account:');
  });
});
