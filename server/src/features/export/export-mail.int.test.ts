import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createExportService } from './export.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe("the export's mail in the account's language", () => {
  it('mails a French account that its data is ready in French, over SMTP', async () => {
    const u = await createTestUser(t, { locale: 'fr', timeZone: 'Europe/Paris' });
    const res = await u.client.post('/api/privacy/exports', {});
    expect(res.statusCode, res.body).toBe(202);
    expect(await createExportService(t.app.ctx).run(u.user.id, res.json().id)).toBe('built');
    const mail = await t.smtp.waitFor(u.user.email, { subject: /vos données sont prêtes/ });
    expect(mail.subject).toBe('Vitalbase\u00a0: vos données sont prêtes à télécharger');
    expect(mail.text).toContain('Bonjour');
    expect(mail.text).toMatch(/jusqu’au \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(Europe\/Paris\)/u);
    expect(t.smtp.linkIn(mail)).toBe('http://localhost:8080/privacy/exports');
    expect(mail.text).not.toMatch(/Hello|ready/);
  });
});
