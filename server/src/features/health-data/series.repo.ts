import { and, asc, eq, gt, gte, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { healthSeriesDays } from './health-data.schema';

export type SeriesDayRow = typeof healthSeriesDays.$inferSelect;
export type NewSeriesDay = typeof healthSeriesDays.$inferInsert;

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

    async changedSince(
      userId: string,
      since: Date,
      after: { updatedAt: Date; key: string } | undefined,
      limit: number,
      tx: Executor = db,
    ): Promise<SeriesDayRow[]> {
      const key = sql<string>`${s.metric} || '|' || ${s.day} || '|' || ${s.sourceKey} || '|' || ${s.intervalSeconds}`;
      return tx
        .select()
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            gt(s.updatedAt, since),
            after
              ? or(
                  gt(s.updatedAt, after.updatedAt),
                  and(eq(s.updatedAt, after.updatedAt), gt(key, after.key)),
                )
              : undefined,
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
