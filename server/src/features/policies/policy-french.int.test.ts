import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createStaffMember } from '../operator/operator.test-support';
import { publishPolicyAsOperator } from './policies.operator';
import { announceMajorVersions } from './policy-announcements';
import { earliestMajorEffectiveDate } from './policy-rules';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const english = '# Privacy policy 2\n\nWe now keep technical logs for 90 days.\n';
const french =
  '# Politique de confidentialité 2\n\nNous gardons désormais les journaux techniques 90 jours.\n';

describe('a policy version published in French (issue #14)', () => {
  it('shows and mails the French text to a French reader, the English to the others', async () => {
    const marie = await createTestUser(t, { locale: 'fr' });
    const alice = await createTestUser(t, { locale: 'en' });
    const effectiveDate = earliestMajorEffectiveDate(t.clock.now());
    const published = await publishPolicyAsOperator(
      t.database,
      {
        document: 'privacy',
        version: '2',
        effectiveDate,
        major: true,
        summary: 'Technical logs are kept for 90 days.',
        markdown: english,
        summaryFr: 'Les journaux techniques sont gardés 90 jours.',
        markdownFr: french,
      },
      t.clock.now(),
    );
    expect(published).toMatchObject({ version: '2', summaryLocale: 'en' });

    const fr = (await t.app.inject({ url: '/api/policies/privacy/2?locale=fr' })).json();
    expect(fr).toMatchObject({ locale: 'fr', summaryLocale: 'fr' });
    expect(fr.summary).toBe('Les journaux techniques sont gardés 90 jours.');
    expect(fr.html).toContain('Nous gardons désormais les journaux techniques 90 jours.');
    const en = (await t.app.inject({ url: '/api/policies/privacy/2?locale=en' })).json();
    expect(en).toMatchObject({ locale: 'en', summary: 'Technical logs are kept for 90 days.' });

    // The banner's status: the summary in the account's language.
    const status = (await marie.client.get('/api/me/policies')).json().documents[0];
    expect(status.upcoming[0]).toMatchObject({
      version: '2',
      summary: 'Les journaux techniques sont gardés 90 jours.',
      summaryLocale: 'fr',
    });
    const mine = (await alice.client.get('/api/me/policies')).json().documents[0];
    expect(mine.upcoming[0]).toMatchObject({ summaryLocale: 'en' });

    await announceMajorVersions(t.app.ctx);
    const mail = await t.smtp.waitFor(marie.user.email, { subject: /politique de confidentialité change/ });
    expect(mail.subject).toBe(
      `Vitalbase\u00a0: notre politique de confidentialité change le ${effectiveDate}`,
    );
    expect(mail.text).toContain('Les journaux techniques sont gardés 90 jours.');
    expect(mail.text).toContain('En bref\u00a0:');
    expect(mail.text).not.toMatch(/n’existe qu’en anglais|Technical logs/);
    const theirs = await t.smtp.waitFor(alice.user.email, { subject: /privacy policy changes on/ });
    expect(theirs.text).toContain('Technical logs are kept for 90 days.');
  });

  it('without a French text: the English, with the notice, to a French reader', async () => {
    const marie = await createTestUser(t, { locale: 'fr' });
    const effectiveDate = earliestMajorEffectiveDate(t.clock.now());
    await publishPolicyAsOperator(
      t.database,
      {
        document: 'terms',
        version: '2',
        effectiveDate,
        major: true,
        summary: 'Disputes go to the courts of Lyon.',
        markdown: '# Terms 2\n\nDisputes go to the courts of Lyon from now on.\n',
      },
      t.clock.now(),
    );
    const shown = (await t.app.inject({ url: '/api/policies/terms/2?locale=fr' })).json();
    expect(shown).toMatchObject({
      locale: 'en',
      summaryLocale: 'en',
      summary: 'Disputes go to the courts of Lyon.',
    });
    const status = (await marie.client.get('/api/me/policies')).json().documents[1];
    expect(status.upcoming[0]).toMatchObject({ version: '2', summaryLocale: 'en' });

    await announceMajorVersions(t.app.ctx);
    const mail = await t.smtp.waitFor(marie.user.email, { subject: /nos conditions d’utilisation changent/ });
    expect(mail.text).toContain('Disputes go to the courts of Lyon.');
    expect(mail.text).toContain('Cette version du texte n’existe qu’en anglais.');
  });

  it("keeps version 1 (Vitalbase's own text) bilingual, its summary too", async () => {
    const fr = (await t.app.inject({ url: '/api/policies/privacy/1?locale=fr' })).json();
    expect(fr).toMatchObject({ locale: 'fr', summaryLocale: 'fr' });
    expect(fr.summary).toBe('Première version de la politique de confidentialité.');
    const list = (await t.app.inject({ url: '/api/policies?locale=fr' })).json();
    const terms = list.documents.find((d: { document: string }) => d.document === 'terms');
    expect(terms.versions.at(-1)).toMatchObject({ version: '1', summaryLocale: 'fr' });
  });

  it('refuses a French text without its summary, or a summary without its text, with 400', async () => {
    const officer = await createStaffMember(t, ['privacy_officer']);
    const base = {
      document: 'privacy',
      version: '3',
      effectiveDate: earliestMajorEffectiveDate(t.clock.now()),
      major: false,
      summary: 'A clarification.',
      markdown: '# Privacy policy 3\n\nA clarification of version 2.\n',
    };
    for (const half of [{ markdownFr: french }, { summaryFr: 'Une précision.' }]) {
      const res = await officer.client.post('/api/admin/policies', { ...base, ...half });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toBeDefined();
      await expect(
        publishPolicyAsOperator(t.database, { ...base, ...half } as never, t.clock.now()),
      ).rejects.toThrow(/French/);
    }
    const tooShort = await officer.client.post('/api/admin/policies', {
      ...base,
      markdownFr: 'court',
      summaryFr: 'x',
    });
    expect(tooShort.statusCode).toBe(400);
    const listed = (await t.app.inject({ url: '/api/policies' })).json();
    expect(listed.documents[0].versions.map((v: { version: string }) => v.version)).not.toContain('3');
  });
});
