import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { BrowserClient, signIn, signUpBody, tokenOf, uniqueEmail } from '../accounts/accounts.test-support';
import { childWithGuardianLink as childWithGuardian } from './guardian.test-support';
import { birthdayAt } from './guardian.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600 * 1000;

const childWithGuardianLink = () => childWithGuardian(t);

const give = { granted: true, wordingVersion: 1 };

describe("a parent manages a child's consents (GDPR Art. 8)", () => {
  it('lets the parent give and withdraw; the child may withdraw but not give', async () => {
    const { child, parent, asParent, body } = await childWithGuardianLink();

    const refused = await child.put('/api/me/consents/geolocation', give);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('parent_must_consent');

    const view = await parent.get('/api/guardian/consents', asParent);
    expect(view.statusCode).toBe(200);
    expect(view.json().childDisplayName).toBe(body.displayName);
    expect(view.json().consents.every((c: { granted: boolean }) => !c.granted)).toBe(true);

    const given = await parent.put('/api/guardian/consents/geolocation', give, asParent);
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json().granted).toBe(true);
    const mine = (await child.get('/api/me/consents')).json().consents;
    expect(mine.find((c: { purpose: string }) => c.purpose === 'geolocation').granted).toBe(true);
    const history = (await child.get('/api/me/consents/history')).json().history;
    expect(history[0]).toMatchObject({ purpose: 'geolocation', granted: true, method: 'guardian' });

    // Withdrawing is always the child's right too.
    const withdrawn = await child.put('/api/me/consents/geolocation', { granted: false, wordingVersion: 1 });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().granted).toBe(false);
  });

  it('ends the link on the birthday of digital consent, when the child decides alone', async () => {
    const { child, parent, asParent, birthYear, body } = await childWithGuardianLink();
    expect(birthdayAt(`${birthYear}-06-15`, 15)).toBe(`${birthYear + 15}-06-15`);
    t.clock.advance(4 * 366 * DAY);
    const expired = await parent.get('/api/guardian/consents', asParent);
    expect([404, 410]).toContain(expired.statusCode);
    await signIn(t, body.email, body.password, child); // four years on, the session has long ended
    expect((await child.put('/api/me/consents/marketing_email', give)).statusCode).toBe(200);
    t.clock.advance(-4 * 366 * DAY);
  });

  it("mails the parent the guardian link in the child's language", async () => {
    const parentEmail = uniqueEmail('parent');
    const year = t.clock.now().getUTCFullYear() - 12;
    const body = signUpBody({ birthDate: `${year}-06-15`, country: 'FR', parentEmail, locale: 'fr' });
    expect((await new BrowserClient(t).post('/api/auth/signup', body)).statusCode).toBe(202);
    const ask = await t.smtp.waitFor(parentEmail, { subject: /Votre consentement est nécessaire/ });
    const granted = await new BrowserClient(t).post(`/api/parental-consent/${tokenOf(t.smtp.linkIn(ask))}`, {
      decision: 'grant',
      parentName: 'P',
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const mail = await t.smtp.waitFor(parentEmail, { subject: /Gérez les consentements/ });
    expect(mail.text).toContain('Merci de votre consentement');
    expect(t.smtp.linkIn(mail).startsWith('http://localhost:8080/guardian?token=')).toBe(true);
  });

  it('refuses a missing, forged or unknown link, and bad input', async () => {
    const { parent, asParent } = await childWithGuardianLink();
    expect((await parent.get('/api/guardian/consents')).statusCode).toBe(400);
    const forged = { headers: { 'x-guardian-token': `${crypto.randomUUID()}.forged-secret-value` } };
    expect((await parent.get('/api/guardian/consents', forged)).statusCode).toBe(404);
    expect((await parent.put('/api/guardian/consents/geolocation', give, forged)).statusCode).toBe(404);
    const unknownPurpose = await parent.put('/api/guardian/consents/astrology', give, asParent);
    expect(unknownPurpose.statusCode).toBe(400);
    const badBody = await parent.put('/api/guardian/consents/geolocation', { granted: 'yes' }, asParent);
    expect(badBody.statusCode).toBe(400);
    // An adult's own session cannot act as a guardian of someone else's child.
    const stranger = await createTestUser(t);
    const res = await stranger.client.put('/api/guardian/consents/geolocation', give, {
      headers: { 'x-guardian-token': `${stranger.user.id}.not-a-guardian-link` },
    });
    expect(res.statusCode).toBe(404);
  });
});
