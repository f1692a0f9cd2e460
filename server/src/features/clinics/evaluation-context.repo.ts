import { ADHERENCE_PERIOD_DAYS, type MonitoredMetric } from '@vitalbase/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type MeasureAt, measuresSinceQuery } from '../health-data';
import { rowsOf } from './transmissions.repo';

/** What applyEpisodes needs of an alert: the running episode, else the last one that ended. */
export interface Episode {
  id: string;
  severity: 'urgent' | 'high' | 'info';
  lastAbnormalAt: Date;
  episodeEndedAt: Date | null;
}

interface EvaluationContext {
  enrolments: Array<{ clinicId: string; categories: string[] }>;
  thresholds: Array<{ clinicId: string; metric: string; limits: Record<string, number> }>;
  /** Per clinic and metric, the running episode, else the last ended one (`${clinicId}:${metric}`). */
  episodes: Map<string, Episode>;
  /** The measures read for each metric asked, oldest first. */
  measures: Map<MonitoredMetric, MeasureAt[]>;
}

/** What to read for one monitored metric: its catalog metrics taken from `from` on. */
interface MeasuresAsked {
  metric: MonitoredMetric;
  catalog: readonly string[];
  from: Date;
}

const ms = (column: SQL) => sql`floor(extract(epoch from ${column}) * 1000)::bigint`;
const at = (n: number | string | null) => (n === null ? null : new Date(Number(n)));

/**
 * A write's whole clinic side in ONE statement (issue #15 §Performance: ≤ 10 % on ingest), the same
 * for a patient enrolled nowhere (who gets empty answers: the enrolments range is empty, so nothing
 * else reads or writes):
 * - the patient's active enrolments;
 * - when the write stored new items (`stored` > 0): today's transmission day for each (the patient's
 *   calendar day), the enrolment's period figures kept with it (clinics.schema.ts: a first day in a
 *   period the row did not hold is counted afresh from the days stored), and any running "no
 *   transmission" episode there ended: data arrived;
 * - for the metrics asked: the thresholds, each (clinic, metric)'s running or last episode, and the
 *   measures since `from` (health-data's `measuresSinceQuery`).
 * The statement's reads see the database as it was before it: the episodes read are of the metrics
 * asked, never "no transmission", so the episodes it ends do not matter to them.
 */
export async function evaluationContext(
  tx: Executor,
  userId: string,
  opts: { now: Date; stored: number; asked: MeasuresAsked[] },
): Promise<EvaluationContext> {
  const now = opts.now.toISOString();
  const u = sql`${userId}::uuid`;
  const writes = opts.stored
    ? sql`,
    td as (
      insert into clinic_transmission_days (user_id, clinic_id, day, readings)
      select ${u}, clinic_id, today, ${opts.stored}::int from e
      on conflict (user_id, clinic_id, day)
        do update set readings = clinic_transmission_days.readings + excluded.readings
      returning clinic_id, day, (xmax = 0) as inserted
    ),
    kept as (
      update clinic_enrolments ce set
        period_start = p.start,
        period_days = (case when ce.period_start = p.start then ce.period_days
          else (select count(*) from clinic_transmission_days d
            where d.user_id = ce.user_id and d.clinic_id = ce.clinic_id
              and d.day >= p.start and d.day < p.start + ${ADHERENCE_PERIOD_DAYS}::int) end)::int
          + (case when td.inserted and td.day >= p.start then 1 else 0 end),
        last_day = greatest(ce.last_day, td.day)
      from td
      join e on e.clinic_id = td.clinic_id
      cross join lateral (select e.enrol_day + ${ADHERENCE_PERIOD_DAYS}::int
        * (greatest(td.day - e.enrol_day, 0) / ${ADHERENCE_PERIOD_DAYS}::int) as start) p
      where ce.user_id = ${u} and ce.clinic_id = td.clinic_id
      returning 1
    ),
    silence as (
      update clinic_alerts set episode_ended_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      where user_id = ${u} and metric = 'no_transmission' and episode_ended_at is null
        and clinic_id in (select clinic_id from e)
      returning 1
    )`
    : sql``;
  const metrics = opts.asked.map((a) => a.metric);
  const metricList = sql.join(
    metrics.map((m) => sql`${m}`),
    sql`, `,
  );
  const reads = opts.asked.length
    ? sql`,
      (select json_agg(json_build_object('clinicId', th.clinic_id, 'metric', th.metric, 'limits', th.limits))
        from clinic_thresholds th
        where th.user_id = ${u} and th.metric in (${metricList}) and exists (select 1 from e)) as thresholds,
      (select json_agg(json_build_array(x.id, x.clinic_id, x.metric, x.severity, x.last_abnormal_at, x.ended_at))
        from (select distinct on (a.clinic_id, a.metric) a.id, a.clinic_id, a.metric, a.severity,
            ${ms(sql`a.last_abnormal_at`)} as last_abnormal_at, ${ms(sql`a.episode_ended_at`)} as ended_at
          from clinic_alerts a
          where a.user_id = ${u} and a.metric in (${metricList}) and exists (select 1 from e)
          order by a.clinic_id, a.metric, a.episode_ended_at is null desc, a.episode_ended_at desc) x
      ) as episodes,
      ${sql.join(
        opts.asked.map(
          (
            a,
            i,
          ) => sql`(select json_agg(json_build_array(q."readingId", q.metric, q.value, ${ms(sql`q."takenAt"`)})
          order by q."takenAt", q."readingId")
        from (${measuresSinceQuery(userId, a.catalog, a.from)}) q
        where exists (select 1 from e)) as ${sql.raw(`m${i}`)}`,
        ),
        sql`, `,
      )}`
    : sql``;
  const result = await tx.execute(sql`
    with e as (
      select en.clinic_id, en.categories,
        (${now}::timestamptz at time zone u.time_zone)::date as today,
        (en.enrolled_at at time zone u.time_zone)::date as enrol_day
      from clinic_enrolments en
      join users u on u.id = en.user_id
      where en.user_id = ${u} and en.stopped_at is null
    )${writes}
    select (select json_agg(json_build_object('clinicId', clinic_id, 'categories', categories)) from e)
      as enrolments${reads}`);
  const row = rowsOf<Record<string, unknown>>(result)[0] ?? {};
  const episodes = new Map<string, Episode>();
  for (const [id, clinicId, metric, severity, last, ended] of (row.episodes ?? []) as Array<
    [string, string, string, Episode['severity'], number, number | null]
  >) {
    episodes.set(`${clinicId}:${metric}`, {
      id,
      severity,
      lastAbnormalAt: at(last)!,
      episodeEndedAt: at(ended),
    });
  }
  const measures = new Map<MonitoredMetric, MeasureAt[]>();
  opts.asked.forEach((a, i) => {
    const list = (row[`m${i}`] ?? []) as Array<[string, string, number, number]>;
    measures.set(
      a.metric,
      list.map(([readingId, metric, value, takenAt]) => ({
        readingId,
        metric,
        value: Number(value),
        takenAt: new Date(Number(takenAt)),
      })),
    );
  });
  return {
    enrolments: (row.enrolments ?? []) as EvaluationContext['enrolments'],
    thresholds: (row.thresholds ?? []) as EvaluationContext['thresholds'],
    episodes,
    measures,
  };
}
