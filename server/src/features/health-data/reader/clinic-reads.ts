import { type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../../db/client';
import { createDerivedRepo } from '../derived.repo';
import { healthMeasures, healthReadings } from '../health-data.schema';
import { createNotesRepo } from '../notes.repo';
import { createQueryService } from '../query.service';
import { createReadingsRepo } from '../readings.repo';
import { createSeriesRepo } from '../series.repo';
import { createSessionsRepo } from '../sessions.repo';
import { notDeleted } from './tombstones';

/**
 * Reads for a care team (clinics feature, issue #15), run inside the access point's transaction
 * (`accessUserData`), so what they return is what the access log records.
 */

export interface LatestMeasure {
  userId: string;
  metric: string;
  value: number;
  takenAt: Date;
}

/**
 * The latest value of each metric for each of the given users, in ONE query: a lateral lookup per
 * (user, metric) pair on the (user_id, metric, taken_at) index, newest first, limit 1. A patient list
 * of 25 patients × 3 metrics is 75 index probes, whatever the length of their history.
 */
export async function latestMeasuresOf(
  tx: Executor,
  userIds: readonly string[],
  metrics: readonly string[],
): Promise<LatestMeasure[]> {
  if (!userIds.length || !metrics.length) return [];
  const ids = sql.join(
    userIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  const names = sql.join(
    metrics.map((m) => sql`(${m})`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    select u.id as "userId", x.metric, l.value, l.taken_at as "takenAt"
    from (values ${ids}) as u(id)
    cross join (values ${names}) as x(metric)
    cross join lateral (
      select m.value, m.taken_at
      from ${healthMeasures} m
      join ${healthReadings} r on r.user_id = m.user_id and r.id = m.reading_id and ${notDeleted(sql`r`)}
      where m.user_id = u.id and m.metric = x.metric
      order by m.taken_at desc
      limit 1
    ) l`);
  const rows = (result as unknown as { rows: Array<Record<string, unknown>> }).rows;
  return rows.map((r) => ({
    userId: String(r.userId),
    metric: String(r.metric),
    value: Number(r.value),
    takenAt: new Date(r.takenAt as string),
  }));
}

/**
 * One user's readings holding a metric in [from, to), the same pages as GET /api/health-data/readings
 * (query.service.ts), on the access transaction. The caller keeps only the measures it may show.
 */
export function readingPagesIn(tx: Executor, now: () => Date) {
  const query = createQueryService({
    // The readings page reads through the repos below only; the query service's `db` is not used by it.
    db: tx as Db,
    now,
    readings: createReadingsRepo(tx),
    series: createSeriesRepo(tx),
    sessions: createSessionsRepo(tx),
    derived: createDerivedRepo(tx),
    notes: createNotesRepo(tx),
  });
  return query.readings;
}

/**
 * One user's live measures of some metrics taken from `from` on, oldest first: what a clinic's
 * threshold evaluation judges after a write (clinics' monitoring, run in the write's transaction on
 * the patient's own data, not a staff read). One range of the (user_id, metric, taken_at) index.
 * A statement to read as a subquery: the evaluation reads its whole context and these measures in
 * one round trip (clinics evaluation-context.repo.ts, bench/RESULTS.md). Columns `readingId`,
 * `metric`, `value`, `takenAt` (MeasureAt); `metrics` not empty.
 */
export function measuresSinceQuery(
  userId: string,
  metrics: readonly string[],
  from: Date,
  limit = 2000,
): SQL {
  const names = sql.join(
    metrics.map((m) => sql`${m}`),
    sql`, `,
  );
  return sql`
    select m.reading_id as "readingId", m.metric, m.value, m.taken_at as "takenAt"
    from ${healthMeasures} m
    join ${healthReadings} r on r.user_id = m.user_id and r.id = m.reading_id and ${notDeleted(sql`r`)}
    where m.user_id = ${userId}::uuid and m.metric in (${names}) and m.taken_at >= ${from.toISOString()}::timestamptz
    order by m.taken_at, m.reading_id
    limit ${limit}`;
}

export interface MeasureAt {
  readingId: string;
  metric: string;
  value: number;
  takenAt: Date;
}
