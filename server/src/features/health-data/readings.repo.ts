import { and, asc, eq, getTableColumns, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import { sameOrigin } from './same-origin';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { notDeleted } from './reader/tombstones';
import { type RawReadingColumns, readingColumns, readingFromColumns } from './reading-row';
import { healthMeasures, healthReadingNotes, healthReadings } from './health-data.schema';

export type ReadingRow = typeof healthReadings.$inferSelect;
type MeasureRow = typeof healthMeasures.$inferSelect;
export interface ReadingWithMeasures extends ReadingRow {
  measures: MeasureRow[];
}
/** A reading with the user's note and tags on it, when they wrote one (notes.repo.ts). */
export interface AnnotatedReading extends ReadingWithMeasures {
  annotation?: { note: string; tags: string[] };
}

/** A measure's reading (same user, so the join stays on one shard): where its offset is kept. */
const ofItsReading = and(
  eq(healthReadings.userId, healthMeasures.userId),
  eq(healthReadings.id, healthMeasures.readingId),
);

/**
 * A page of the readings holding a metric in [$3, $4), $5 at most, after ($6, $7) when given: the
 * page from the measures' (user, metric, taken_at) index, joined to its readings, all their
 * measures and the user's note on each (one statement where a second one for the notes cost a round
 * trip per page: issue 17). The cursor is the instant as UTC text at the microsecond (db/keyset.ts `keysetTime`).
 */
const readingsPage = (after: string) => `WITH page AS (
    SELECT reading_id, taken_at,
      to_char(taken_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
    FROM health_measures
    WHERE user_id = $1::uuid AND metric = $2::text AND taken_at >= $3::timestamptz AND taken_at < $4::timestamptz
      ${after}
    ORDER BY taken_at, reading_id LIMIT $5::int
  )
  SELECT ${readingColumns('r')}, m.metric, m.taken_at AS m_taken_at, m.value, m.original_value,
    m.corrected_by, m.corrected_at, page.cursor_at, n.note, n.tags
  FROM page
  JOIN health_readings r ON r.user_id = $1::uuid AND r.id = page.reading_id
  JOIN health_measures m ON m.user_id = $1::uuid AND m.reading_id = page.reading_id
  LEFT JOIN health_reading_notes n ON n.user_id = $1::uuid AND n.reading_id = page.reading_id
  ORDER BY page.taken_at, page.reading_id, m.metric`;
const READINGS_PAGE = { name: 'readings_page', text: readingsPage('') };
/** A metric's values in [$3, $4) with their readings' offsets (a chart's readings side), the instant in ms as a Date holds it. */
const VALUES_BY_METRIC = {
  name: 'values_by_metric',
  text: `SELECT floor(extract(epoch FROM m.taken_at) * 1000)::float8 AS t, m.value, r.utc_offset_minutes
    FROM health_measures m JOIN health_readings r ON r.user_id = m.user_id AND r.id = m.reading_id
    WHERE m.user_id = $1::uuid AND m.metric = $2::text AND m.taken_at >= $3::timestamptz AND m.taken_at < $4::timestamptz
    ORDER BY m.taken_at`,
};
const READINGS_PAGE_AFTER = {
  name: 'readings_page_after',
  text: readingsPage('AND (taken_at, reading_id) > ($6::timestamptz, $7::uuid)'),
};
interface PageRow extends RawReadingColumns {
  metric: string;
  m_taken_at: Date;
  value: number;
  original_value: number | null;
  corrected_by: string | null;
  corrected_at: Date | null;
  cursor_at: string;
  /** The user's note and tags on the reading (the same on each of its measures' rows), or null. */
  note: string | null;
  tags: string[] | null;
}

/** Discrete readings and their measures; every query is bound to one user. */
export function createReadingsRepo(db: Executor) {
  async function withMeasures<R extends ReadingRow>(
    userId: string,
    rows: R[],
    tx: Executor,
  ): Promise<Array<R & { measures: MeasureRow[] }>> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const measures = await tx
      .select()
      .from(healthMeasures)
      .where(and(eq(healthMeasures.userId, userId), inArray(healthMeasures.readingId, ids)))
      .orderBy(asc(healthMeasures.metric));
    return rows.map((r) => ({ ...r, measures: measures.filter((m) => m.readingId === r.id) }));
  }

  return {
    /**
     * The same measurement already stored: same time, metrics and source device (or source without a
     * device). A device's reading the user deleted counts too, so a resend does not bring it back; a
     * manual one the user deleted may be entered again.
     */
    async findDuplicate(
      userId: string,
      q: { takenAt: Date; metricsKey: string; source: string; deviceId: string | null },
      tx: Executor = db,
    ): Promise<ReadingRow | undefined> {
      const [row] = await tx
        .select()
        .from(healthReadings)
        .where(
          and(
            eq(healthReadings.userId, userId),
            eq(healthReadings.takenAt, q.takenAt),
            eq(healthReadings.metricsKey, q.metricsKey),
            sameOrigin(healthReadings, q),
          ),
        )
        .limit(1);
      return row;
    },

    async insert(
      reading: typeof healthReadings.$inferInsert & { userId: string },
      measures: Array<{ metric: string; value: number }>,
      tx: Executor = db,
    ): Promise<ReadingRow> {
      const [row] = await tx.insert(healthReadings).values(reading).returning();
      await tx.insert(healthMeasures).values(
        measures.map((m) => ({
          userId: reading.userId,
          readingId: row!.id,
          metric: m.metric,
          takenAt: row!.takenAt,
          value: m.value,
        })),
      );
      return row!;
    },

    async find(userId: string, id: string, tx: Executor = db): Promise<ReadingWithMeasures | undefined> {
      const rows = await tx
        .select()
        .from(healthReadings)
        .where(and(eq(healthReadings.userId, userId), eq(healthReadings.id, id), notDeleted(healthReadings)));
      return (await withMeasures(userId, rows, tx))[0];
    },

    /**
     * Readings holding `metric` in [from, to), oldest first, after the keyset cursor (taken_at, id),
     * each with the user's note on it when there is one.
     */
    async listByMetric(
      userId: string,
      q: { metric: string; from: Date; to: Date; after?: { takenAt: string; id: string }; limit: number },
      tx: Executor = db,
    ): Promise<Array<AnnotatedReading & { cursorAt: string }>> {
      // One round trip: the page of readings (keyset on the measure's index) joined to the readings
      // and all their measures. The latest readings are the app's most frequent read: a named prepared
      // statement (one plan per connection), rows mapped by hand (issue 17; db/hot-sql.ts).
      const values: unknown[] = [userId, q.metric, q.from, q.to, q.limit];
      if (q.after) values.push(q.after.takenAt, q.after.id);
      const rows = await hotQuery<PageRow>(tx, q.after ? READINGS_PAGE_AFTER : READINGS_PAGE, values);
      const out: Array<AnnotatedReading & { cursorAt: string }> = [];
      for (const r of rows) {
        const measure: MeasureRow = {
          userId,
          readingId: r.id,
          metric: r.metric,
          takenAt: r.m_taken_at,
          value: r.value,
          originalValue: r.original_value,
          correctedBy: r.corrected_by,
          correctedAt: r.corrected_at,
        };
        const last = out.at(-1);
        if (last?.id === r.id) last.measures.push(measure);
        else
          out.push({
            ...readingFromColumns(userId, r),
            measures: [measure],
            cursorAt: r.cursor_at,
            ...(r.note !== null ? { annotation: { note: r.note, tags: r.tags ?? [] } } : {}),
          });
      }
      return out;
    },

    /** Values of a metric in [from, to), each with the offset it was taken at (its local day). */
    async valuesByMetric(
      userId: string,
      metric: string,
      from: Date,
      to: Date,
      tx: Executor = db,
    ): Promise<Array<{ takenAtMs: number; value: number; utcOffsetMinutes: number }>> {
      // Hand-written (db/hot-sql.ts): every chart runs it, mostly for no rows (a pulse stored as a series).
      const rows = await hotQuery<{ t: number; value: number; utc_offset_minutes: number }>(
        tx,
        VALUES_BY_METRIC,
        [userId, metric, from, to],
      );
      return rows.map((r) => ({ takenAtMs: r.t, value: r.value, utcOffsetMinutes: r.utc_offset_minutes }));
    },

    /** Values of several metrics in [from, to), each with its reading's offset (a day's derived values). */
    async valuesByMetrics(
      userId: string,
      metrics: readonly string[],
      from: Date,
      to: Date,
      tx: Executor = db,
    ) {
      const m = healthMeasures;
      return tx
        .select({
          metric: m.metric,
          takenAt: m.takenAt,
          value: m.value,
          utcOffsetMinutes: healthReadings.utcOffsetMinutes,
        })
        .from(m)
        .innerJoin(healthReadings, ofItsReading)
        .where(
          and(eq(m.userId, userId), inArray(m.metric, [...metrics]), gte(m.takenAt, from), lt(m.takenAt, to)),
        )
        .orderBy(asc(m.takenAt));
    },

    /**
     * The nearest local day (the reading's own offset) before or after `day` holding a live reading
     * with one of `metrics` (any metric when undefined), or null. A user's readings are few enough
     * (thousands) for the top-1 sort over their rows.
     */
    async adjacentLocalDay(
      userId: string,
      q: { day: string; direction: 'older' | 'newer'; metrics?: readonly string[] },
      tx: Executor = db,
    ): Promise<string | null> {
      const r = healthReadings;
      const m = healthMeasures;
      const local = sql`((${r.takenAt} at time zone 'UTC') + make_interval(mins => ${r.utcOffsetMinutes}::int))`;
      const older = q.direction === 'older';
      const [row] = await tx
        .select({ day: sql<string>`to_char(${local}, 'YYYY-MM-DD')` })
        .from(r)
        .where(
          and(
            eq(r.userId, userId),
            notDeleted(r),
            older
              ? sql`${local} < ${q.day}::date::timestamp`
              : sql`${local} >= (${q.day}::date + 1)::timestamp`,
            q.metrics &&
              sql`exists (select 1 from ${m} where ${m.userId} = ${r.userId} and ${m.readingId} = ${r.id} and ${inArray(m.metric, [...q.metrics])})`,
          ),
        )
        .orderBy(older ? sql`${local} desc` : sql`${local} asc`)
        .limit(1);
      return row?.day ?? null;
    },

    /** The UTC days holding measures of these metrics (a time-zone change recomputes their local days). */
    async daysOfMetrics(userId: string, metrics: readonly string[], tx: Executor = db): Promise<string[]> {
      const m = healthMeasures;
      const day = sql<string>`to_char(${m.takenAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const rows = await tx
        .selectDistinct({ day })
        .from(m)
        .where(and(eq(m.userId, userId), inArray(m.metric, [...metrics])));
      return rows.map((r) => r.day);
    },

    /** Readings (deleted ones as tombstones) changed after `since`, keyset on (updated_at, id). */
    async changedSince(
      userId: string,
      since: Date,
      after: { updatedAt: string; id: string } | undefined,
      limit: number,
      tx: Executor = db,
    ) {
      const r = healthReadings;
      const rows = await tx
        .select({ ...getTableColumns(r), cursorAt: keysetTime(r.updatedAt) })
        .from(r)
        .where(
          and(
            eq(r.userId, userId),
            gt(r.updatedAt, since),
            keysetAfter(
              [
                { column: r.updatedAt, type: 'timestamptz' },
                { column: r.id, type: 'uuid' },
              ],
              after && [after.updatedAt, after.id],
            ),
          ),
        )
        .orderBy(asc(r.updatedAt), asc(r.id))
        .limit(limit);
      return withMeasures(userId, rows, tx);
    },

    /** The latest value of each metric from readings. */
    async latestPerMetric(userId: string, tx: Executor = db) {
      const m = healthMeasures;
      return tx
        .selectDistinctOn([m.metric], {
          metric: m.metric,
          value: m.value,
          takenAt: m.takenAt,
          readingId: m.readingId,
          // The offset it was taken with: the dashboard shows it where it was lived (docs/time-zones.md).
          utcOffsetMinutes: healthReadings.utcOffsetMinutes,
        })
        .from(m)
        .innerJoin(
          healthReadings,
          and(eq(healthReadings.userId, m.userId), eq(healthReadings.id, m.readingId)),
        )
        .where(eq(m.userId, userId))
        .orderBy(asc(m.metric), sql`${m.takenAt} desc`);
    },

    /** Every weigh-in of the user (BMI inputs). */
    async weighIns(userId: string, tx: Executor = db) {
      const m = healthMeasures;
      return tx
        .select({ readingId: m.readingId, value: m.value, takenAt: m.takenAt })
        .from(m)
        .where(and(eq(m.userId, userId), eq(m.metric, 'weight')));
    },

    async latestValue(userId: string, metric: string, tx: Executor = db) {
      const m = healthMeasures;
      const [row] = await tx
        .select({ value: m.value, takenAt: m.takenAt, readingId: m.readingId })
        .from(m)
        .where(and(eq(m.userId, userId), eq(m.metric, metric)))
        .orderBy(sql`${m.takenAt} desc`)
        .limit(1);
      return row;
    },

    async updateTakenAt(
      userId: string,
      id: string,
      takenAt: Date,
      utcOffsetMinutes: number,
      now: Date,
      tx: Executor = db,
    ) {
      await tx
        .update(healthReadings)
        .set({ takenAt, utcOffsetMinutes, updatedAt: now })
        .where(and(eq(healthReadings.userId, userId), eq(healthReadings.id, id)));
      await tx
        .update(healthMeasures)
        .set({ takenAt })
        .where(and(eq(healthMeasures.userId, userId), eq(healthMeasures.readingId, id)));
    },

    /** A correction: the first value moves to original_value once, and who and when are kept (P8). */
    async correctMeasure(
      userId: string,
      id: string,
      metric: string,
      value: number,
      by: string,
      now: Date,
      tx: Executor = db,
    ) {
      const m = healthMeasures;
      await tx
        .update(m)
        .set({
          value,
          originalValue: sql`coalesce(${m.originalValue}, ${m.value})`,
          correctedBy: by,
          correctedAt: now,
        })
        .where(and(eq(m.userId, userId), eq(m.readingId, id), eq(m.metric, metric)));
      await tx
        .update(healthReadings)
        .set({ updatedAt: now })
        .where(and(eq(healthReadings.userId, userId), eq(healthReadings.id, id)));
    },

    /**
     * Erases the values, and the user's note on them, and keeps a tombstone without them for "changed
     * since" and device resends.
     */
    async softDelete(userId: string, id: string, now: Date, tx: Executor = db) {
      await tx
        .delete(healthMeasures)
        .where(and(eq(healthMeasures.userId, userId), eq(healthMeasures.readingId, id)));
      await tx
        .delete(healthReadingNotes)
        .where(and(eq(healthReadingNotes.userId, userId), eq(healthReadingNotes.readingId, id)));
      await tx
        .update(healthReadings)
        .set({ deletedAt: now, updatedAt: now, clientRef: null })
        .where(and(eq(healthReadings.userId, userId), eq(healthReadings.id, id)));
    },
  };
}
export type ReadingsRepo = ReturnType<typeof createReadingsRepo>;
