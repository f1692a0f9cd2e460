import { describe, expect, it } from 'vitest';
import { isWebPage, urlsIn } from '../../test/web-routes.test-support';
import { linkUrl } from './account-links';
import type { AccountTokenPurpose } from './accounts.schema';
import { type MailTemplates, mailTemplatesIn, withSecurityPageLink } from './mail-templates';

const publicUrl = 'https://health.example.org';
const purposes: AccountTokenPurpose[] = [
  'verify_email',
  'reset_password',
  'confirm_email_change',
  'parental_consent',
  'guardian',
  'sign_in',
];
const link = (purpose: AccountTokenPurpose) => linkUrl(publicUrl, purpose, 'user-id.secret');
const when = '2026-12-05T10:00:00.000Z';

/** Each account mail as sent, in a language, with the links the services put in it. */
const renderAll = (mailTemplates: MailTemplates) =>
  ({
    verifyEmail: mailTemplates.verifyEmail('Ada', link('verify_email')),
    signUpAttemptOnExistingAccount: mailTemplates.signUpAttemptOnExistingAccount(
      `${publicUrl}/forgot-password`,
    ),
    parentalConsent: mailTemplates.parentalConsent('Ada', link('parental_consent')),
    guardianLink: mailTemplates.guardianLink('Ada', link('guardian'), '2030-01-01'),
    resetPassword: mailTemplates.resetPassword(link('reset_password')),
    confirmEmailChange: mailTemplates.confirmEmailChange('Ada', link('confirm_email_change')),
    emailChangeTargetTaken: mailTemplates.emailChangeTargetTaken(),
    alertNewSignIn: mailTemplates.alertNewSignIn(when, 'Firefox on Linux', '192.0.2.1'),
    alertPasswordChanged: mailTemplates.alertPasswordChanged(when),
    alertEmailChangeRequested: mailTemplates.alertEmailChangeRequested(when, 'new@example.org'),
    alertEmailChanged: mailTemplates.alertEmailChanged(when, 'new@example.org'),
    alertGuarded: mailTemplates.alertGuarded(when),
    signInLink: mailTemplates.signInLink(link('sign_in')),
  }) satisfies Record<keyof MailTemplates, { subject: string; text: string }>;

/** Both languages of the web app (en, fr): an account gets its mails in its locale. */
const languages = ['en', 'fr'] as const;
const rendered = Object.fromEntries(
  languages.flatMap((locale) =>
    Object.entries(renderAll(mailTemplatesIn(locale))).map(([name, mail]) => [`${locale}.${name}`, mail]),
  ),
);

describe('links in account mails', () => {
  it('every emailed link opens a page of the web app', () => {
    for (const purpose of purposes) expect(isWebPage(link(purpose), publicUrl), purpose).toBe(true);
    for (const [name, mail] of Object.entries(rendered)) {
      for (const url of urlsIn(mail.text)) expect(isWebPage(url, publicUrl), `${name}: ${url}`).toBe(true);
    }
  });

  it('every security alert, as sent, links to the security page before the signature', () => {
    const alerts = Object.entries(rendered).filter(([name]) => name.slice(3).startsWith('alert'));
    expect(alerts).toHaveLength(5 * languages.length);
    for (const [name, mail] of alerts) {
      const text = withSecurityPageLink(mail.text, publicUrl, name.slice(0, 2));
      expect(urlsIn(text), name).toContain(`${publicUrl}/security`);
      expect(text.endsWith('— Vitalbase'), name).toBe(true);
    }
  });

  it('sees a link to no page (the check itself works)', () => {
    expect(isWebPage(`${publicUrl}/account/security`, publicUrl)).toBe(false);
    expect(isWebPage(`${publicUrl}/policies/privacy/2`, publicUrl)).toBe(true);
    expect(isWebPage('https://elsewhere.example/security', publicUrl)).toBe(false);
  });
});

describe('account mails in French', () => {
  it('has every mail in French, none left in English, with French spacing', () => {
    const en = renderAll(mailTemplatesIn('en'));
    const fr = renderAll(mailTemplatesIn('fr-FR'));
    for (const name of Object.keys(en) as Array<keyof MailTemplates>) {
      expect(fr[name].subject, name).not.toBe(en[name].subject);
      expect(fr[name].text, name).not.toMatch(/\b(the|your|this|you)\b/i);
      expect(fr[name].text, name).not.toMatch(/ [:;?!]/);
    }
  });
});
