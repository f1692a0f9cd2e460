import { and, asc, eq, getTableColumns, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { keysetAfter, keysetTime } from '../../db/keyset';
import type { PackedDay } from './series-codec';
import { healthSeriesDays } from './health-data.schema';

export type SeriesDayRow = typeof healthSeriesDays.$inferSelect;
export type NewSeriesDay = typeof healthSeriesDays.$inferInsert;
/** What a fold reads of a day without its points (listDaySummaries). */
export type SeriesDaySummary = Pick<
  SeriesDayRow,
  'metric' | 'day' | 'sourceKey' | 'intervalSeconds' | 'utcOffsetMinutes' | 'firstSlot' | 'width' | 'rollup'
>;

/**
 * The days' summaries as ONE bytea, each day a record (big-endian): int4 days since 1970-01-01, int2
 * utc_offset_minutes, int4 first_slot, int4 interval_seconds, int2 width, int4 byte length + the
 * source key (UTF-8), int4 byte length (-1: null) + the rollup. node-postgres cannot read bytea in
 * binary format (`binary: true` decodes every field as UTF-8 first and corrupts bytes,
 * brianc/node-postgres#3495), so a bytea travels as hex text; one value instead of 366 rows of seven
 * columns halved this read's Node CPU on a year-long chart (1.3 → 0.7 ms, issue 17).
 */
const DAY_SUMMARIES = {
  name: 'series_day_summaries',
  text: `SELECT string_agg(int4send(day - DATE '1970-01-01') || int2send(utc_offset_minutes)
      || int4send(first_slot) || int4send(interval_seconds) || int2send(width)
      || int4send(octet_length(convert_to(source_key, 'UTF8'))) || convert_to(source_key, 'UTF8')
      || int4send(coalesce(length(rollup), -1)) || coalesce(rollup, ''::bytea), ''::bytea ORDER BY day) AS days
    FROM health_series_days
    WHERE user_id = $1::uuid AND metric = $2::text AND day >= $3::date AND day <= $4::date`,
};

/** DAY_SUMMARIES' records, in order. */
function daySummaries(metric: string, bytes: Uint8Array | null): SeriesDaySummary[] {
  if (!bytes) return [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: SeriesDaySummary[] = [];
  let o = 0;
  while (o < buf.length) {
    const day = new Date(buf.readInt32BE(o) * 86_400_000).toISOString().slice(0, 10);
    const utcOffsetMinutes = buf.readInt16BE(o + 4);
    const firstSlot = buf.readInt32BE(o + 6);
    const intervalSeconds = buf.readInt32BE(o + 10);
    const width = buf.readInt16BE(o + 14) as SeriesDayRow['width'];
    const keyLength = buf.readInt32BE(o + 16);
    const sourceKey = buf.toString('utf8', o + 20, o + 20 + keyLength);
    o += 20 + keyLength;
    const rollupLength = buf.readInt32BE(o);
    o += 4;
    const rollup = rollupLength < 0 ? null : bytes.subarray(o, o + rollupLength);
    o += Math.max(0, rollupLength);
    out.push({ metric, day, sourceKey, intervalSeconds, utcOffsetMinutes, firstSlot, width, rollup });
  }
  return out;
}

/** Packed intraday series days; every query is bound to one user. */
export function createSeriesRepo(db: Executor) {
  const s = healthSeriesDays;
  return {
    async findDay(
      userId: string,
      key: { metric: string; day: string; sourceKey: string; intervalSeconds: number },
      tx: Executor = db,
    ): Promise<SeriesDayRow | undefined> {
      const [row] = await tx
        .select()
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            eq(s.metric, key.metric),
            eq(s.day, key.day),
            eq(s.sourceKey, key.sourceKey),
            eq(s.intervalSeconds, key.intervalSeconds),
          ),
        )
        .for('update');
      return row;
    },

    /**
     * The stored days a batch touches, locked until commit: one query for the whole batch. Matches
     * metrics × days of one source (a superset of the wanted keys; the caller picks by key).
     */
    async findDaysForUpdate(
      userId: string,
      sourceKey: string,
      metrics: string[],
      days: string[],
      tx: Executor = db,
    ): Promise<SeriesDayRow[]> {
      if (!metrics.length || !days.length) return [];
      return tx
        .select()
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            inArray(s.metric, metrics),
            inArray(s.day, days),
            eq(s.sourceKey, sourceKey),
          ),
        )
        .for('update');
    },

    /**
     * A batch's changed days of one source in one statement (issue 17): the days not stored yet are
     * inserted as they are, and the stored ones are read back (not written), with their row version
     * (xmin) for `updateStoredDays`. A day another transaction inserts meanwhile is in neither list.
     */
    async insertNewReadStored(
      userId: string,
      batch: { sourceKey: string; source: string; deviceId: string | null; now: Date },
      rows: DayContent[],
      tx: Executor = db,
    ): Promise<{ inserted: Set<string>; stored: StoredDay[] }> {
      const inserted = new Set<string>();
      const stored: StoredDay[] = [];
      // 9 parameters a day: 1,000 days stay far below PostgreSQL's 65,535.
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        const values: unknown[] = [userId, batch.sourceKey, batch.source, batch.deviceId, batch.now];
        const text = `WITH w (metric, day, interval_seconds, utc_offset_minutes, first_slot, width, points, point_count, rollup) AS (
            VALUES ${dayTuples(chunk, values)}
          ), ins AS (
            INSERT INTO health_series_days (user_id, metric, day, source_key, interval_seconds, source, device_id,
              utc_offset_minutes, first_slot, width, points, point_count, rollup, created_at, updated_at)
            SELECT $1::uuid, metric, day, $2::text, interval_seconds, $3::text, $4::text, utc_offset_minutes,
              first_slot, width, points, point_count, rollup, $5::timestamptz, $5::timestamptz FROM w
            ON CONFLICT (user_id, metric, day, source_key, interval_seconds) DO NOTHING
            RETURNING metric, day, interval_seconds
          )
          SELECT true AS inserted, metric, day::text AS day, interval_seconds, 0 AS utc_offset_minutes,
            0 AS first_slot, 2 AS width, NULL::bytea AS points, 0 AS point_count, NULL::text AS version FROM ins
          UNION ALL
          SELECT false, s.metric, s.day::text, s.interval_seconds, s.utc_offset_minutes, s.first_slot, s.width,
            s.points, s.point_count, s.xmin::text
          FROM health_series_days s JOIN w ON s.metric = w.metric AND s.day = w.day
            AND s.interval_seconds = w.interval_seconds
          WHERE s.user_id = $1::uuid AND s.source_key = $2::text`;
        for (const r of await hotQuery<StoredRow & { inserted: boolean }>(tx, { text }, values)) {
          const key = seriesDayKey({ ...r, sourceKey: batch.sourceKey, intervalSeconds: r.interval_seconds });
          if (r.inserted) inserted.add(key);
          else
            stored.push({
              key,
              version: r.version,
              utcOffsetMinutes: r.utc_offset_minutes,
              packed: {
                firstSlot: r.first_slot,
                width: r.width as 1 | 2 | 4,
                points: r.points,
                pointCount: r.point_count,
              },
            });
        }
      }
      return { inserted, stored };
    },

    /**
     * Stored days replaced by their merged content, each only if it is still the version read
     * (`insertNewReadStored`): answers the keys written; a day changed or deleted meanwhile is not.
     */
    async updateStoredDays(
      userId: string,
      batch: { sourceKey: string; now: Date },
      rows: Array<DayContent & { version: string }>,
      tx: Executor = db,
    ): Promise<Set<string>> {
      const written = new Set<string>();
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        const values: unknown[] = [userId, batch.sourceKey, batch.now];
        const text = `UPDATE health_series_days s SET utc_offset_minutes = w.utc_offset_minutes,
            first_slot = w.first_slot, width = w.width, points = w.points, point_count = w.point_count,
            rollup = w.rollup, updated_at = $3::timestamptz
          FROM (VALUES ${dayTuples(chunk, values, true)})
            AS w (metric, day, interval_seconds, utc_offset_minutes, first_slot, width, points, point_count, rollup, version)
          WHERE s.user_id = $1::uuid AND s.source_key = $2::text AND s.metric = w.metric AND s.day = w.day
            AND s.interval_seconds = w.interval_seconds AND s.xmin::text = w.version
          RETURNING s.metric, s.day::text AS day, s.interval_seconds`;
        for (const r of await hotQuery<{ metric: string; day: string; interval_seconds: number }>(
          tx,
          { text },
          values,
        ))
          written.add(
            seriesDayKey({ ...r, sourceKey: batch.sourceKey, intervalSeconds: r.interval_seconds }),
          );
      }
      return written;
    },

    /** Several days in one multi-row statement (new days inserted, stored ones replaced). */
    async upsertDays(rows: NewSeriesDay[], tx: Executor = db): Promise<void> {
      const excluded = (c: string) => sql.raw(`excluded.${c}`);
      // PostgreSQL takes at most 65,535 parameters a statement: 1,000 rows of 14 columns stay below.
      for (let i = 0; i < rows.length; i += 1000) {
        await tx
          .insert(s)
          .values(rows.slice(i, i + 1000))
          .onConflictDoUpdate({
            target: [s.userId, s.metric, s.day, s.sourceKey, s.intervalSeconds],
            set: {
              firstSlot: excluded('first_slot'),
              width: excluded('width'),
              points: excluded('points'),
              pointCount: excluded('point_count'),
              rollup: excluded('rollup'),
              utcOffsetMinutes: excluded('utc_offset_minutes'),
              updatedAt: excluded('updated_at'),
            },
          });
      }
    },

    async upsertDay(row: NewSeriesDay, tx: Executor = db): Promise<void> {
      await tx
        .insert(s)
        .values(row)
        .onConflictDoUpdate({
          target: [s.userId, s.metric, s.day, s.sourceKey, s.intervalSeconds],
          set: {
            firstSlot: row.firstSlot,
            width: row.width,
            points: row.points,
            pointCount: row.pointCount,
            rollup: row.rollup ?? null,
            utcOffsetMinutes: row.utcOffsetMinutes,
            updatedAt: row.updatedAt,
          },
        });
    },

    /** Days of one metric between two UTC dates (inclusive), every source. */
    async listDays(
      userId: string,
      metric: string,
      fromDay: string,
      toDay: string,
      tx: Executor = db,
    ): Promise<SeriesDayRow[]> {
      return tx
        .select()
        .from(s)
        .where(and(eq(s.userId, userId), eq(s.metric, metric), gte(s.day, fromDay), lte(s.day, toDay)))
        .orderBy(asc(s.day));
    },

    /** Days of several metrics between two UTC dates (inclusive), every source. */
    async listDaysOfMetrics(
      userId: string,
      metrics: readonly string[],
      fromDay: string,
      toDay: string,
      tx: Executor = db,
    ): Promise<SeriesDayRow[]> {
      return tx
        .select()
        .from(s)
        .where(
          and(eq(s.userId, userId), inArray(s.metric, [...metrics]), gte(s.day, fromDay), lte(s.day, toDay)),
        )
        .orderBy(asc(s.day));
    },

    /** The UTC days holding any of these metrics (a time-zone change recomputes their local days). */
    async daysOfMetrics(userId: string, metrics: readonly string[], tx: Executor = db): Promise<string[]> {
      const rows = await tx
        .selectDistinct({ day: s.day })
        .from(s)
        .where(and(eq(s.userId, userId), inArray(s.metric, [...metrics])));
      return rows.map((r) => r.day);
    },

    /**
     * Like listDays without the points: their rollups are enough for whole cells (series-fold.ts).
     * Hand-written (db/hot-sql.ts), the days packed into one value (DAY_SUMMARIES): a year-long chart
     * reads 366 days, and drizzle's mapping of 366 rows cost more than the fold itself.
     */
    async listDaySummaries(
      userId: string,
      metric: string,
      fromDay: string,
      toDay: string,
      tx: Executor = db,
    ): Promise<SeriesDaySummary[]> {
      const [row] = await hotQuery<{ days: Uint8Array | null }>(tx, DAY_SUMMARIES, [
        userId,
        metric,
        fromDay,
        toDay,
      ]);
      return daySummaries(metric, row?.days ?? null);
    },

    /** The points of some days of one metric (every source), for the cells a rollup cannot answer. */
    async listDayPoints(userId: string, metric: string, days: string[], tx: Executor = db) {
      if (!days.length) return [];
      return tx
        .select({
          day: s.day,
          sourceKey: s.sourceKey,
          intervalSeconds: s.intervalSeconds,
          firstSlot: s.firstSlot,
          width: s.width,
          points: s.points,
        })
        .from(s)
        .where(and(eq(s.userId, userId), eq(s.metric, metric), inArray(s.day, days)));
    },

    async changedSince(
      userId: string,
      since: Date,
      after: { updatedAt: string; key: string } | undefined,
      limit: number,
      tx: Executor = db,
    ): Promise<Array<SeriesDayRow & { cursorAt: string }>> {
      const key = sql<string>`${s.metric} || '|' || ${s.day} || '|' || ${s.sourceKey} || '|' || ${s.intervalSeconds}`;
      return tx
        .select({ ...getTableColumns(s), cursorAt: keysetTime(s.updatedAt) })
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            gt(s.updatedAt, since),
            keysetAfter(
              [
                { column: s.updatedAt, type: 'timestamptz' },
                { column: key, type: 'text' },
              ],
              after && [after.updatedAt, after.key],
            ),
          ),
        )
        .orderBy(asc(s.updatedAt), asc(key))
        .limit(limit);
    },

    /** The latest day of each metric (its last point is the metric's latest series value). */
    async latestDayPerMetric(userId: string, tx: Executor = db): Promise<SeriesDayRow[]> {
      return tx
        .selectDistinctOn([s.metric])
        .from(s)
        .where(eq(s.userId, userId))
        .orderBy(
          asc(s.metric),
          sql`${s.day} desc`,
          sql`(${s.firstSlot} + ${s.pointCount}) * ${s.intervalSeconds} desc`,
        );
    },
  };
}
export type SeriesRepo = ReturnType<typeof createSeriesRepo>;

/** A day's new content, as the hot statements write it. */
export interface DayContent extends PackedDay {
  metric: string;
  day: string;
  intervalSeconds: number;
  utcOffsetMinutes: number;
  rollup: Uint8Array | null;
}

/** A stored day as the batch write read it: its content, offset and row version. */
export interface StoredDay {
  key: string;
  version: string;
  utcOffsetMinutes: number;
  packed: PackedDay;
}

interface StoredRow {
  metric: string;
  day: string;
  interval_seconds: number;
  utc_offset_minutes: number;
  first_slot: number;
  width: number;
  points: Uint8Array;
  point_count: number;
  version: string;
}

/** `(…), (…)` of days' columns, their values appended to `values` (typed: VALUES needs them). */
function dayTuples(rows: Array<DayContent & { version?: string }>, values: unknown[], withVersion = false) {
  return rows
    .map((r) => {
      const at = values.length;
      values.push(
        r.metric,
        r.day,
        r.intervalSeconds,
        r.utcOffsetMinutes,
        r.firstSlot,
        r.width,
        r.points,
        r.pointCount,
        r.rollup,
      );
      const cols = `$${at + 1}::text, $${at + 2}::date, $${at + 3}::int, $${at + 4}::smallint, $${at + 5}::int, $${at + 6}::smallint, $${at + 7}::bytea, $${at + 8}::int, $${at + 9}::bytea`;
      if (!withVersion) return `(${cols})`;
      values.push(r.version);
      return `(${cols}, $${at + 10}::text)`;
    })
    .join(', ');
}

export function seriesDayKey(
  row: Pick<SeriesDayRow, 'metric' | 'day' | 'sourceKey' | 'intervalSeconds'>,
): string {
  return `${row.metric}|${row.day}|${row.sourceKey}|${row.intervalSeconds}`;
}
