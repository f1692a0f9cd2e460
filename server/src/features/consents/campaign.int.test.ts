import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { recordSecurityEvent } from '../accounts';
import { sendCampaign } from './campaign.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const sendNow = (subject: string) =>
  sendCampaign(
    { database: t.database, mailer: t.app.ctx.mailer, publicUrl: t.config.publicUrl },
    { subject, body: 'Our new scale is out.' },
  );

describe('vitalbase campaign send', () => {
  it('mails only users with the marketing_email consent, while a security alert reaches a user without it', async () => {
    const consenting = await createTestUser(t);
    const refusing = await createTestUser(t);
    const withdrawn = await createTestUser(t);
    const inAppOnly = await createTestUser(t);
    await consenting.client.put('/api/me/consents/marketing_email', { granted: true, wordingVersion: 1 });
    await withdrawn.client.put('/api/me/consents/marketing_email', { granted: true, wordingVersion: 1 });
    await withdrawn.client.put('/api/me/consents/marketing_email', { granted: false, wordingVersion: 1 });
    await inAppOnly.client.put('/api/me/consents/marketing_in_app', { granted: true, wordingVersion: 1 });

    const result = await sendNow('Spring news');
    expect(result.sent).toBe(1);
    const mail = await t.smtp.waitFor(consenting.user.email, { subject: /Spring news/ });
    expect(mail.text).toContain('Our new scale is out.');
    expect(mail.text).toContain(`${t.config.publicUrl}/privacy`);
    const campaignRecipients = t.smtp.messages.filter((m) => m.subject === 'Spring news').map((m) => m.to);
    expect(campaignRecipients).toHaveLength(1);
    for (const u of [refusing, withdrawn, inAppOnly]) {
      expect(campaignRecipients.join(' ')).not.toContain(u.user.email);
    }

    // Security alerts ignore consents: the user who refused marketing still gets one.
    await recordSecurityEvent(t.app.ctx, undefined, {
      userId: refusing.user.id,
      action: 'password_changed',
      alert: { to: refusing.user.email, subject: 'Your password was changed', text: 'If this was not you…' },
    });
    const alert = await t.smtp.waitFor(refusing.user.email, { subject: /password was changed/ });
    expect(alert.text).toContain('If this was not you');
  });

  it('refuses an empty campaign', async () => {
    await expect(
      sendCampaign(
        { database: t.database, mailer: t.app.ctx.mailer, publicUrl: t.config.publicUrl },
        { subject: 'x', body: '' },
      ),
    ).rejects.toThrow();
  });
});
