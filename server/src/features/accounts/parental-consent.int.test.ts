import { eq, getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesWithUserData } from '../../db/delete-user-data';
import { createTestApp, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit';
import { mailOutbox } from '../mail';
import { assertMayStoreHealthData } from './account-state';
import { accountTokens, sessions } from './accounts.schema';
import { purgeExpiredParentalConsentsJob } from './accounts.jobs';
import { BrowserClient, signIn, signUpBody, tokenOf, uniqueEmail } from './accounts.test-support';
import { createUsersRepo } from './users.repo';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const DAY = 24 * 3600 * 1000;

/** A birth date that makes the person `years` old on the test clock's today. */
function bornYearsAgo(years: number): string {
  const d = t.clock.now();
  return `${d.getUTCFullYear() - years}-01-01`;
}

async function minorSignsUp(country = 'FR', years = 12) {
  const parentEmail = uniqueEmail('parent');
  const body = signUpBody({ birthDate: bornYearsAgo(years), country, parentEmail });
  const browser = new BrowserClient(t);
  const res = await browser.post('/api/auth/signup', body);
  expect(res.statusCode, res.body).toBe(202);
  const verify = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(body.email, { subject: /Confirm your email/ })));
  expect((await browser.post('/api/auth/verify-email', { token: verify })).statusCode).toBe(200);
  const consentMail = await t.smtp.waitFor(parentEmail, { subject: /consent/ });
  const link = t.smtp.linkIn(consentMail);
  expect(link.startsWith('http://localhost:8080/parental-consent?token=')).toBe(true);
  const user = (await createUsersRepo(t.database.db).findByEmail(body.email))!;
  return { body, parentEmail, token: tokenOf(link), user, browser };
}

async function rowsOf(userId: string) {
  let total = 0;
  for (const { table, userId: column } of tablesWithUserData()) {
    total += (await t.database.db.select().from(table).where(eq(column, userId))).length;
  }
  return total + ((await createUsersRepo(t.database.db).findById(userId)) ? 1 : 0);
}

describe('minors and parental consent', () => {
  it('requires a parent email below the age of digital consent of the country', async () => {
    const browser = new BrowserClient(t);
    const res = await browser.post(
      '/api/auth/signup',
      signUpBody({ birthDate: bornYearsAgo(14), country: 'FR' }),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain('parentEmail');
    // 14 is old enough in Spain (14) but not in France (15).
    const spain = await browser.post(
      '/api/auth/signup',
      signUpBody({ birthDate: bornYearsAgo(14), country: 'ES' }),
    );
    expect(spain.statusCode).toBe(202);
    const future = await browser.post(
      '/api/auth/signup',
      signUpBody({ birthDate: `${t.clock.now().getUTCFullYear() + 1}-01-01` }),
    );
    expect(future.statusCode).toBe(400);
  });

  it('keeps the account pending, unable to store health data, until the parent grants', async () => {
    const { token, user, body, browser } = await minorSignsUp();
    expect(user.state).toBe('pending_parental_consent');
    await expect(assertMayStoreHealthData(t.database.db, user.id)).rejects.toMatchObject({
      statusCode: 403,
      code: 'parental_consent_pending',
    });
    await signIn(t, body.email, body.password, browser);
    expect((await browser.get('/api/me')).json().state).toBe('pending_parental_consent');

    const parent = new BrowserClient(t);
    const shown = await parent.get(`/api/parental-consent/${token}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ childDisplayName: body.displayName, childBirthDate: body.birthDate });
    const res = await parent.post(`/api/parental-consent/${token}`, {
      decision: 'grant',
      parentName: 'Parent Name',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'granted' });
    await expect(assertMayStoreHealthData(t.database.db, user.id)).resolves.toEqual(expect.any(String)); // allowed: answers the account's zone
    expect((await browser.get('/api/me')).json().state).toBe('active');
    expect(
      (await parent.post(`/api/parental-consent/${token}`, { decision: 'refuse', parentName: 'X' }))
        .statusCode,
    ).toBe(410);
    const events = (await browser.get('/api/me/security-events')).json() as Array<{
      action: string;
      actorType: string;
    }>;
    expect(events[0]).toMatchObject({ action: 'parental_consent_granted', actorType: 'parent' });
  });

  it('deletes the account and all its data when the parent refuses', async () => {
    const { token, user, body } = await minorSignsUp('DE', 15);
    expect(await rowsOf(user.id)).toBeGreaterThan(3);
    const res = await new BrowserClient(t).post(`/api/parental-consent/${token}`, {
      decision: 'refuse',
      parentName: 'Parent Name',
    });
    expect(res.json()).toEqual({ status: 'refused' });
    expect(await rowsOf(user.id)).toBe(0);
    expect(await createUsersRepo(t.database.db).findByEmail(body.email)).toBeUndefined();
    expect((await new BrowserClient(t).get(`/api/parental-consent/${token}`)).statusCode).toBe(404);
  });

  it('deletes the account when no parent answers within 30 days', async () => {
    const waiting = await minorSignsUp();
    t.clock.advance(29 * DAY);
    const recent = await minorSignsUp();
    const purge = purgeExpiredParentalConsentsJob;
    const ctx = t.app.ctx;
    await purge.run(ctx, {});
    expect(await rowsOf(waiting.user.id)).toBeGreaterThan(0);
    t.clock.advance(2 * DAY);
    await purge.run(ctx, {});
    expect(await rowsOf(waiting.user.id)).toBe(0);
    expect(await rowsOf(recent.user.id)).toBeGreaterThan(0);
    expect((await new BrowserClient(t).get(`/api/parental-consent/${recent.token}`)).statusCode).toBe(200);
    expect((await new BrowserClient(t).get(`/api/parental-consent/${waiting.token}`)).statusCode).toBe(404);
  });

  it('answers 404 for unknown links, 410 for expired ones, and validates the decision', async () => {
    const { token } = await minorSignsUp();
    const parent = new BrowserClient(t);
    expect((await parent.get('/api/parental-consent/nonsense')).statusCode).toBe(404);
    expect((await parent.get(`/api/parental-consent/${token.slice(0, -2)}xx`)).statusCode).toBe(404);
    for (const body of [
      { decision: 'maybe', parentName: 'P' },
      { decision: 'grant' },
      { decision: 'grant', parentName: '' },
    ]) {
      expect(
        (await parent.post(`/api/parental-consent/${token}`, body)).statusCode,
        JSON.stringify(body),
      ).toBe(400);
    }
    t.clock.advance(31 * DAY);
    expect((await parent.get(`/api/parental-consent/${token}`)).statusCode).toBe(410);
  });
});

describe('deleteUserData', () => {
  it('finds every table with a user_id column', () => {
    const names = tablesWithUserData().map((x) => getTableName(x.table));
    for (const table of [sessions, accountTokens, auditEvents, mailOutbox])
      expect(names).toContain(getTableName(table));
  });
});
