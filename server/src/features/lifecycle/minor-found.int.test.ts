import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { accountJobs, correctBirthDate, users } from '../accounts';

const DAY = 24 * 60 * 60 * 1000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** The hourly job that deletes minors' accounts without a parent's consent. */
const purgeExpiredParentalConsents = (ctx: TestApp['app']['ctx']) =>
  (
    accountJobs.find(
      (j) => j.name === 'accounts.purge-expired-parental-consents',
    ) as (typeof accountJobs)[number]
  ).run(ctx, {} as never);
const stateOf = async (userId: string) =>
  (await t.database.db.select({ state: users.state }).from(users).where(eq(users.id, userId)))[0]?.state;
/** Twelve years before the test clock's today: a minor in France (15). */
const childBirthDate = () => {
  const d = t.clock.now();
  return `${d.getUTCFullYear() - 12}-01-15`;
};

describe('a minor found after sign-up (P3): birth date corrected through a privacy request', () => {
  it('starts the parental consent flow; the parent consents and the account is active again', async () => {
    const u = await createTestUser(t); // signed up in 2026 as an adult, in France
    const parent = `parent-${u.user.id.slice(0, 8)}@example.test`;
    const { minor } = await correctBirthDate(t.app.ctx, {
      userId: u.user.id,
      birthDate: childBirthDate(),
      parentEmail: parent,
    });
    expect(minor).toBe(true);
    expect(await stateOf(u.user.id)).toBe('pending_parental_consent');
    // No health data meanwhile.
    const write = await u.client.post('/api/health-data/readings', {
      takenAt: t.clock.now().toISOString(),
      measures: [{ metric: 'weight', value: 40, unit: 'kg' }],
    });
    expect(write.statusCode).toBe(403);
    const link = t.smtp.linkIn(await t.smtp.waitFor(parent, { subject: /consent/i }));
    const token = decodeURIComponent(new URL(link).searchParams.get('token') as string);
    const anon = t.client();
    const res = await anon.post(`/api/parental-consent/${encodeURIComponent(token)}`, {
      decision: 'grant',
      parentName: 'A Parent',
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await stateOf(u.user.id)).toBe('active');
  });

  it('without the parent’s answer within 30 days, deletes the account and its data (not before)', async () => {
    const u = await createTestUser(t);
    await correctBirthDate(t.app.ctx, {
      userId: u.user.id,
      birthDate: childBirthDate(),
      parentEmail: 'parent-late@example.test',
    });
    // An account years old is not deleted at once: the 30 days run from the request to the parent.
    t.clock.advance(29 * DAY);
    await purgeExpiredParentalConsents(t.app.ctx);
    expect(await stateOf(u.user.id)).toBe('pending_parental_consent');
    t.clock.advance(2 * DAY);
    await purgeExpiredParentalConsents(t.app.ctx);
    expect(await stateOf(u.user.id)).toBeUndefined();
  });

  it('an adult’s corrected date changes nothing else; a minor without a parent’s address is refused', async () => {
    const u = await createTestUser(t);
    expect(await correctBirthDate(t.app.ctx, { userId: u.user.id, birthDate: '1980-02-02' })).toEqual({
      minor: false,
    });
    expect(await stateOf(u.user.id)).toBe('active');
    await expect(
      correctBirthDate(t.app.ctx, { userId: u.user.id, birthDate: childBirthDate() }),
    ).rejects.toThrow(/parent/);
    expect(await stateOf(u.user.id)).toBe('active');
  });
});
