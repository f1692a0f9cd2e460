import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { privacyJobs } from './erasure.jobs';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 60 * 60 * 1000;
const purgeJob = privacyJobs.find((j) => j.name === 'privacy.purge-erasure-requests')!;

describe("the erasure mails in the account's language", () => {
  it('mails a French account the request and the receipt in French, over SMTP', async () => {
    const u = await createTestUser(t, { locale: 'fr-FR', timeZone: 'Europe/Paris' });
    const res = await u.client.post('/api/me/erasure', { currentPassword: u.password });
    expect(res.statusCode, res.body).toBe(202);
    const requested = await t.smtp.waitFor(u.user.email, { subject: /votre compte va être supprimé/ });
    expect(requested.text).toContain(`Bonjour ${u.user.displayName},`);
    expect(requested.text).toMatch(/supprimé après le \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(Europe\/Paris\)/u);
    // A security alert: the security page's line, in French too.
    expect(requested.text).toContain('Vérifiez les sessions');
    expect(new URL(t.smtp.linkIn(requested)).pathname).toBe('/cancel-erasure');
    expect(requested.text).not.toMatch(/Hello|will be deleted/);

    t.clock.advance(8 * DAY);
    await purgeJob.run(t.app.ctx, {});
    const receipt = await t.smtp.waitFor(u.user.email, { subject: /votre compte a été supprimé/ });
    expect(receipt.subject).toBe('Vitalbase\u00a0: votre compte a été supprimé');
    expect(receipt.text).toContain('C’est le dernier message que vous recevrez');
    expect(receipt.text).not.toContain(u.user.id);
  });
});
