import { and, asc, eq, getTableColumns, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { healthSeriesDays } from './health-data.schema';

export type SeriesDayRow = typeof healthSeriesDays.$inferSelect;
export type NewSeriesDay = typeof healthSeriesDays.$inferInsert;
export type SeriesDaySummary = Omit<SeriesDayRow, 'points'>;

const { points: _points, ...summaryColumns } = getTableColumns(healthSeriesDays);

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

    /** Like listDays without the points: their rollups are enough for whole cells (series-fold.ts). */
    async listDaySummaries(
      userId: string,
      metric: string,
      fromDay: string,
      toDay: string,
      tx: Executor = db,
    ): Promise<SeriesDaySummary[]> {
      return tx
        .select(summaryColumns)
        .from(s)
        .where(and(eq(s.userId, userId), eq(s.metric, metric), gte(s.day, fromDay), lte(s.day, toDay)))
        .orderBy(asc(s.day));
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

export function seriesDayKey(
  row: Pick<SeriesDayRow, 'metric' | 'day' | 'sourceKey' | 'intervalSeconds'>,
): string {
  return `${row.metric}|${row.day}|${row.sourceKey}|${row.intervalSeconds}`;
}
