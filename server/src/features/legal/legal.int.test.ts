import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestUser,
  newSessionCookie,
  type TestApp,
  type TestUser,
} from '../../test/harness';
import { SESSION_COOKIE } from '../accounts';
import { createStaffMember } from '../operator/operator.test-support';
import { createDisclosuresService } from './disclosures.service';

const DAY = 24 * 60 * 60 * 1000;
let t: TestApp;
let officer: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  officer = await createStaffMember(t, ['privacy_officer']);
});
afterAll(() => t?.close());
// The clock moves by months here: each test signs the officer in afresh (sessions end after 30 idle days).
beforeEach(async () => {
  officer.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, officer.user.id));
});

const iso = (ms = 0) => new Date(t.clock.now().getTime() + ms).toISOString();
const disclosure = (user: TestUser, extra: object = {}) => ({
  user: user.user.email,
  caseRef: `PV-${Math.random().toString(36).slice(2, 8)}`,
  authority: 'Parquet de Paris',
  legalBasis: 'Code de procédure pénale, art. 60-1',
  scope: ['identity', 'devices'],
  requestedAt: iso(-2 * DAY),
  disclosedAt: iso(-DAY),
  disclosed: 'Account identity and the list of paired devices.',
  ...extra,
});
const legalEntries = async (user: TestUser) => {
  user.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, user.user.id));
  return (
    (await user.client.get('/api/me/access-log')).json().entries as Array<{ actor: { type: string } }>
  ).filter((e) => e.actor.type === 'legal');
};
const mailsTo = (user: TestUser) => t.smtp.messages.filter((m) => m.to.includes(user.user.email)).length;

describe('legal disclosures (P10, P25)', () => {
  it('tells the user at once and shows the disclosure in their access log (actor legal)', async () => {
    const user = await createTestUser(t);
    const res = await officer.client.post('/api/admin/disclosures', disclosure(user));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().notifiedAt).not.toBeNull();
    const mail = await t.smtp.waitFor(user.user.email, { subject: /disclose/ });
    expect(mail.text).toContain('Parquet de Paris');
    const [entry] = await legalEntries(user);
    expect(entry).toMatchObject({
      actor: { type: 'legal', name: 'Parquet de Paris' },
      what: ['identity', 'devices'],
    });
  });

  it('tells a French account in French, over SMTP', async () => {
    const user = await createTestUser(t, { locale: 'fr', timeZone: 'Europe/Paris' });
    const res = await officer.client.post('/api/admin/disclosures', disclosure(user));
    expect(res.statusCode, res.body).toBe(201);
    const mail = await t.smtp.waitFor(user.user.email, { subject: /communiquer certaines de vos données/ });
    expect(mail.text).toMatch(/^Bonjour /);
    expect(mail.text).toContain('de votre compte à Parquet de Paris,');
    expect(mail.text).toContain('Ce qui était concerné\u00a0: identity, devices.');
    expect(mail.text).not.toMatch(/Hello|disclosed/);
  });

  it('keeps a gagged disclosure from the user until the order allows notice, then the daily job tells them once', async () => {
    const user = await createTestUser(t);
    const res = await officer.client.post(
      '/api/admin/disclosures',
      disclosure(user, { noticeForbidden: 'until_date', noticeAllowedFrom: iso(90 * DAY) }),
    );
    expect(res.statusCode, res.body).toBe(201);
    // The export for the authority: the same builder as "Download my data".
    const zip = await officer.client.get(`/api/admin/disclosures/${res.json().id}/export`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await legalEntries(user)).toEqual([]);
    expect(mailsTo(user)).toBe(0);
    await createDisclosuresService(t.app.ctx).notifyDue();
    expect(mailsTo(user)).toBe(0);

    t.clock.advance(91 * DAY);
    await createDisclosuresService(t.app.ctx).notifyDue();
    await createDisclosuresService(t.app.ctx).notifyDue();
    expect(mailsTo(user)).toBe(1);
    expect(await legalEntries(user)).toHaveLength(1);
  });

  it('never tells the user of an order that forbids notice indefinitely', async () => {
    const user = await createTestUser(t);
    const res = await officer.client.post(
      '/api/admin/disclosures',
      disclosure(user, { noticeForbidden: 'indefinitely' }),
    );
    expect(res.statusCode).toBe(201);
    t.clock.advance(400 * DAY);
    await createDisclosuresService(t.app.ctx).notifyDue();
    expect(mailsTo(user)).toBe(0);
    expect(await legalEntries(user)).toEqual([]);
    officer.client.setCookie(SESSION_COOKIE, await newSessionCookie(t, officer.user.id));
    const list = (await officer.client.get('/api/admin/disclosures')).json().disclosures;
    expect(list.find((d: { id: string }) => d.id === res.json().id)).toMatchObject({
      noticeForbidden: 'indefinitely',
    });
  });

  it('refuses bad input: a gag without its date, an unknown account, an empty scope', async () => {
    const user = await createTestUser(t);
    const noDate = await officer.client.post(
      '/api/admin/disclosures',
      disclosure(user, { noticeForbidden: 'until_date' }),
    );
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().error.code).toBe('invalid_input');
    const nobody = await officer.client.post('/api/admin/disclosures', {
      ...disclosure(user),
      user: 'nobody@example.test',
    });
    expect(nobody.statusCode).toBe(404);
    expect(
      (await officer.client.post('/api/admin/disclosures', disclosure(user, { scope: [] }))).statusCode,
    ).toBe(400);
    expect(
      (await officer.client.get(`/api/admin/disclosures/${crypto.randomUUID()}/export`)).statusCode,
    ).toBe(404);
  });
});

describe('processors and transfers register (P25, P29)', () => {
  it('is kept by the officer and read by anyone in the privacy center', async () => {
    const added = await officer.client.post('/api/admin/processors', {
      name: 'Brevo',
      purpose: 'Mail delivery',
      country: 'France',
      safeguard: 'none needed (inside the EU)',
    });
    expect(added.statusCode, added.body).toBe(201);
    const { id } = added.json();
    const changed = await officer.client.put(`/api/admin/processors/${id}`, {
      name: 'Brevo',
      purpose: 'Mail delivery',
      country: 'United States',
      safeguard: 'Standard contractual clauses',
    });
    expect(changed.json().country).toBe('United States');
    const pub = await t.app.inject({ url: '/api/privacy/processors' });
    expect(pub.json().processors).toContainEqual(
      expect.objectContaining({ id, safeguard: 'Standard contractual clauses' }),
    );
    expect((await officer.client.delete(`/api/admin/processors/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/privacy/processors' })).json().processors).not.toContainEqual(
      expect.objectContaining({ id }),
    );
    expect((await officer.client.delete(`/api/admin/processors/${id}`)).statusCode).toBe(404);
    const user = await createTestUser(t);
    expect(
      (
        await user.client.post('/api/admin/processors', {
          name: 'x',
          purpose: 'x',
          country: 'x',
          safeguard: 'x',
        })
      ).statusCode,
    ).toBe(403);
  });
});
