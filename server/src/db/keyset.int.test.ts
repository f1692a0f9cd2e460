import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthReadings } from '../features/health-data/health-data.schema';
import { createTestApp, createTestUser, type TestApp } from '../test/harness';
import { keysetAfter, keysetPages, keysetTime } from './keyset';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/**
 * Readings at instants chosen to sit on page edges: five at the same microsecond, and three within one
 * millisecond (a JS Date cursor would see them as one instant).
 */
const INSTANTS = [
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000100Z',
  '2026-03-01T08:00:00.000200Z',
  '2026-03-01T08:00:00.000300Z',
  '2026-03-01T09:00:00.000000Z',
];

async function seed(userId: string): Promise<void> {
  for (const at of INSTANTS) {
    await t.database.raw.query(
      `INSERT INTO health_readings (user_id, taken_at, utc_offset_minutes, source, metrics_key)
       VALUES ($1, $2, 0, 'manual', 'weight')`,
      [userId, at],
    );
  }
}

describe('keyset pages on (instant, id)', () => {
  for (const direction of ['asc', 'desc'] as const) {
    it(`neither skip nor repeat rows sharing an instant at a page edge (${direction})`, async () => {
      const { user } = await createTestUser(t);
      await seed(user.id);
      const r = healthReadings;
      const order = direction === 'asc' ? asc : desc;
      const all = await t.database.db
        .select({ id: r.id })
        .from(r)
        .where(eq(r.userId, user.id))
        .orderBy(order(r.takenAt), order(r.id));
      expect(all).toHaveLength(INSTANTS.length);

      for (const pageRows of [1, 2, 3, 4]) {
        const seen: string[] = [];
        const pages = keysetPages(
          pageRows,
          (after) =>
            t.database.db
              .select({ id: r.id, at: keysetTime(r.takenAt) })
              .from(r)
              .where(
                and(
                  eq(r.userId, user.id),
                  keysetAfter(
                    [
                      { column: r.takenAt, type: 'timestamptz' },
                      { column: r.id, type: 'uuid' },
                    ],
                    after,
                    direction,
                  ),
                ),
              )
              .orderBy(order(r.takenAt), order(r.id))
              .limit(pageRows),
          (last) => [last.at, last.id],
        );
        for await (const page of pages) {
          expect(page.length).toBeLessThanOrEqual(pageRows);
          seen.push(...page.map((row) => row.id));
          if (seen.length > INSTANTS.length) break; // a cursor that repeats rows would page forever
        }
        expect(seen, `pages of ${pageRows}`).toEqual(all.map((row) => row.id));
      }
    });
  }

  it('reads an instant back exactly, at the microsecond, in UTC', async () => {
    const { user } = await createTestUser(t);
    await seed(user.id);
    const r = healthReadings;
    const rows = await t.database.db
      .select({ at: keysetTime(r.takenAt) })
      .from(r)
      .where(eq(r.userId, user.id))
      .orderBy(asc(r.takenAt));
    expect(rows.map((row) => row.at)).toEqual(INSTANTS);
  });
});
