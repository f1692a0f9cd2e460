import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthReadings } from '../features/health-data/health-data.schema';
import { createTestApp, createTestUser, type TestApp } from '../test/harness';
import { encodeCursor } from './cursor';
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

/**
 * The API's cursors resume at the microsecond (db/cursor.ts `cursorField.instant`): rows on a page
 * edge whose instants differ by less than a millisecond are neither skipped nor repeated. A cursor
 * that carried milliseconds resumed after `.000` and skipped the rows at `.000100`–`.000300`.
 */
const EDGE_INSTANTS = [
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000000Z',
  '2026-03-01T08:00:00.000100Z',
  '2026-03-01T08:00:00.000200Z',
  '2026-03-01T08:00:00.000300Z',
  '2026-03-01T08:00:00.001000Z',
  '2026-03-01T09:00:00.000000Z',
];

type Client = Awaited<ReturnType<typeof createTestUser>>['client'];

/** Every id met paging `url` with `pageRows` a page, following the cursor the answer names. */
async function pageIds(
  client: Client,
  url: (cursor: string | null) => string,
  read: (body: Record<string, unknown>) => { ids: string[]; next: string | null },
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res = await client.get(url(cursor));
    expect(res.statusCode, res.body).toBe(200);
    const page = read(res.json());
    ids.push(...page.ids);
    cursor = page.next;
    if (!cursor) return ids;
  }
  throw new Error('the pages did not end');
}

/** One weight reading per instant, taken and last changed then; their ids in key order. */
async function seedReadings(userId: string): Promise<string[]> {
  for (const at of EDGE_INSTANTS) {
    const { rows } = await t.database.raw.query<{ id: string }>(
      `INSERT INTO health_readings (user_id, taken_at, utc_offset_minutes, source, metrics_key, updated_at)
       VALUES ($1, $2, 0, 'manual', 'weight', $2) RETURNING id`,
      [userId, at],
    );
    await t.database.raw.query(
      `INSERT INTO health_measures (user_id, reading_id, metric, taken_at, value) VALUES ($1, $2, 'weight', $3, 70)`,
      [userId, rows[0]?.id, at],
    );
  }
  const { rows } = await t.database.raw.query<{ id: string }>(
    'SELECT id FROM health_readings WHERE user_id = $1 ORDER BY taken_at, id',
    [userId],
  );
  return rows.map((r) => r.id);
}

const ids = (items: unknown) => (items as Array<{ id: string }>).map((r) => r.id);
const readingsUrl = (limit: number) => (cursor: string | null) =>
  `/api/health-data/readings?metric=weight&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;

describe('API cursors at the microsecond', () => {
  it('readings: rows less than a millisecond apart on a page edge', async () => {
    const { user, client } = await createTestUser(t);
    const all = await seedReadings(user.id);
    for (const limit of [1, 2, 3]) {
      const seen = await pageIds(client, readingsUrl(limit), (b) => ({
        ids: ids(b.items),
        next: b.nextCursor as string | null,
      }));
      expect(seen, `limit ${limit}`).toEqual(all);
    }
  });

  it('the changes feed: readings changed less than a millisecond apart on a page edge', async () => {
    const { user, client } = await createTestUser(t);
    const all = await seedReadings(user.id);
    for (const limit of [1, 2, 3]) {
      const seen = await pageIds(
        client,
        (cursor) =>
          `/api/health-data/changes?since=2026-02-28T00:00:00Z&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        (b) => ({ ids: ids(b.readings), next: b.nextCursor as string | null }),
      );
      expect(seen, `limit ${limit}`).toEqual(all);
    }
  });

  it('the access log: entries less than a millisecond apart on a page edge (newest first)', async () => {
    const { user, client } = await createTestUser(t);
    for (const at of EDGE_INSTANTS) {
      await t.database.raw.query(
        `INSERT INTO data_access_log (user_id, at, actor_type, actor_id, actor_name, purpose, what)
         VALUES ($1, $2, 'clinician', 'clin-1', 'Dr. Example', 'follow-up', '["identity"]')`,
        [user.id, at],
      );
    }
    const { rows } = await t.database.raw.query<{ id: string }>(
      'SELECT id FROM data_access_log WHERE user_id = $1 ORDER BY at DESC, id DESC',
      [user.id],
    );
    const all = rows.map((r) => r.id);
    expect(all).toHaveLength(EDGE_INSTANTS.length);
    for (const limit of [1, 2, 3]) {
      const seen = await pageIds(
        client,
        (cursor) => `/api/me/access-log?limit=${limit}${cursor ? `&before=${cursor}` : ''}`,
        (b) => ({ ids: ids(b.entries), next: b.next as string | null }),
      );
      expect(seen, `limit ${limit}`).toEqual(all);
    }
  });

  it('an old millisecond cursor still resumes where it meant (after .000, so at .000100)', async () => {
    const { user, client } = await createTestUser(t);
    const all = await seedReadings(user.id);
    const old = encodeCursor({ t: Date.parse(EDGE_INSTANTS[1] as string), id: all[1] as string });
    const res = await client.get(readingsUrl(10)(old));
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json().items)).toEqual(all.slice(2));
  });
});
