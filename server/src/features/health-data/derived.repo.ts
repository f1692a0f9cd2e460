import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import type { DerivedKind } from './derived-details';
import { healthDerived } from './health-data.schema';

export type DerivedRow = typeof healthDerived.$inferSelect;
export type NewDerived = typeof healthDerived.$inferInsert;

/**
 * A run of dates' daily inputs in one statement (issue 17: two reads before): the series days of the
 * metrics between two UTC dates (inclusive), then the readings' values in [from, to), each in time
 * order. Hand-written (db/hot-sql.ts): on every sync.
 */
const DAILY_INPUTS = {
  name: 'derived-daily-inputs',
  text: `SELECT 0 AS src, metric, day::text AS day, interval_seconds, utc_offset_minutes, first_slot, width, points,
      NULL::float8 AS value, NULL::float8 AS at_ms
    FROM health_series_days
    WHERE user_id = $1::uuid AND metric = ANY($2::text[]) AND day >= $3::date AND day <= $4::date
    UNION ALL
    SELECT 1, m.metric, NULL, NULL, r.utc_offset_minutes, NULL, NULL, NULL, m.value,
      (extract(epoch FROM m.taken_at) * 1000)::float8
    FROM health_measures m JOIN health_readings r ON r.user_id = m.user_id AND r.id = m.reading_id
    WHERE m.user_id = $1::uuid AND m.metric = ANY($2::text[]) AND m.taken_at >= $5::timestamptz
      AND m.taken_at < $6::timestamptz
    ORDER BY src, day, at_ms`,
};
interface InputRow {
  src: 0 | 1;
  metric: string;
  day: string | null;
  interval_seconds: number | null;
  utc_offset_minutes: number;
  first_slot: number | null;
  width: 1 | 2 | 4 | null;
  points: Uint8Array | null;
  value: number | null;
  at_ms: number | null;
}
export type DailyInput =
  | {
      kind: 'series';
      metric: string;
      day: string;
      intervalSeconds: number;
      utcOffsetMinutes: number;
      firstSlot: number;
      width: 1 | 2 | 4;
      points: Uint8Array;
    }
  | { kind: 'reading'; metric: string; at: number; utcOffsetMinutes: number; value: number };

/**
 * Several rows of one user in one statement (a batch's days): columns as arrays, so the text is the
 * same for any number of rows (prepared once on PostgreSQL); the user named once, as a router query
 * on a distributed table must (db/user-key-plans.int.test.ts); each row replaces its stored one.
 */
const UPSERT_MANY = {
  name: 'derived-upsert-many',
  text: `INSERT INTO health_derived (user_id, kind, key, at, utc_offset_minutes, value, label, details, computed_at)
    SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::smallint[], $6::float8[],
      $7::text[], $8::jsonb[], $9::timestamptz[])
    ON CONFLICT (user_id, kind, key) DO UPDATE SET at = excluded.at,
      utc_offset_minutes = excluded.utc_offset_minutes, value = excluded.value, label = excluded.label,
      details = excluded.details, computed_at = excluded.computed_at`,
};

/** Derived values (computed, never measured); every query is bound to one user. */
export function createDerivedRepo(db: Executor) {
  const d = healthDerived;
  return {
    async upsert(row: NewDerived, tx: Executor = db): Promise<void> {
      await tx
        .insert(d)
        .values(row)
        .onConflictDoUpdate({
          target: [d.userId, d.kind, d.key],
          set: {
            at: row.at,
            utcOffsetMinutes: row.utcOffsetMinutes,
            value: row.value,
            label: row.label,
            details: row.details,
            computedAt: row.computedAt,
          },
        });
    },

    /** Several rows of one user in one statement (a batch's days, issue 17): UPSERT_MANY. */
    async upsertMany(rows: NewDerived[], tx: Executor = db): Promise<void> {
      if (!rows.length) return;
      const userId = rows[0]!.userId;
      if (rows.some((r) => r.userId !== userId)) throw new Error('upsertMany writes the rows of one user.');
      const col = <T>(f: (r: NewDerived) => T) => rows.map(f);
      await hotQuery(tx, UPSERT_MANY, [
        userId,
        col((r) => r.kind),
        col((r) => r.key),
        col((r) => r.at.toISOString()),
        col((r) => r.utcOffsetMinutes ?? 0),
        col((r) => r.value ?? null),
        col((r) => r.label ?? null),
        col((r) => JSON.stringify(r.details ?? {})),
        col((r) => (r.computedAt ?? new Date()).toISOString()),
      ]);
    },

    /** The daily inputs of a run of dates (DAILY_INPUTS): series days first, then readings' values. */
    async dailyInputs(
      userId: string,
      metrics: readonly string[],
      days: { from: string; to: string },
      readings: { from: Date; to: Date },
      tx: Executor = db,
    ): Promise<DailyInput[]> {
      const rows = await hotQuery<InputRow>(tx, DAILY_INPUTS, [
        userId,
        metrics,
        days.from,
        days.to,
        readings.from,
        readings.to,
      ]);
      return rows.map((r) =>
        r.src === 0
          ? {
              kind: 'series' as const,
              metric: r.metric,
              day: r.day as string,
              intervalSeconds: r.interval_seconds as number,
              utcOffsetMinutes: r.utc_offset_minutes,
              firstSlot: r.first_slot as number,
              width: r.width as 1 | 2 | 4,
              points: r.points as Uint8Array,
            }
          : {
              kind: 'reading' as const,
              metric: r.metric,
              at: r.at_ms as number,
              utcOffsetMinutes: r.utc_offset_minutes,
              value: r.value as number,
            },
      );
    },

    async remove(userId: string, kind: DerivedKind, keys: string[], tx: Executor = db): Promise<void> {
      if (!keys.length) return;
      await tx.delete(d).where(and(eq(d.userId, userId), eq(d.kind, kind), inArray(d.key, keys)));
    },

    /** Every row of these kinds (a time-zone change recomputes the days from their inputs). */
    async removeKinds(userId: string, kinds: DerivedKind[], tx: Executor = db): Promise<void> {
      await tx.delete(d).where(and(eq(d.userId, userId), inArray(d.kind, kinds)));
    },

    async list(
      userId: string,
      q: { kind: DerivedKind; from: Date; to: Date },
      tx: Executor = db,
    ): Promise<DerivedRow[]> {
      return tx
        .select()
        .from(d)
        .where(and(eq(d.userId, userId), eq(d.kind, q.kind), gte(d.at, q.from), lt(d.at, q.to)))
        .orderBy(asc(d.at))
        .limit(5000);
    },

    async find(
      userId: string,
      kind: DerivedKind,
      key: string,
      tx: Executor = db,
    ): Promise<DerivedRow | undefined> {
      const [row] = await tx
        .select()
        .from(d)
        .where(and(eq(d.userId, userId), eq(d.kind, kind), eq(d.key, key)));
      return row;
    },

    async latestPerKind(userId: string, tx: Executor = db): Promise<DerivedRow[]> {
      return tx
        .selectDistinctOn([d.kind])
        .from(d)
        .where(eq(d.userId, userId))
        .orderBy(asc(d.kind), sql`${d.at} desc`);
    },
  };
}
export type DerivedRepo = ReturnType<typeof createDerivedRepo>;
