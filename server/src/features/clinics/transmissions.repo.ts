import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';

/** Rows of a raw statement, on both engines (node-postgres and PGlite answer `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Transmission days (issue #15 §Adherence): one row per patient, clinic and the patient's calendar day
 * with data, written on the health-write slot (evaluation-context.repo.ts); "no transmission" episodes
 * opened by the hourly job.
 */
export function createTransmissionsRepo(db: Executor) {
  return {
    /**
     * The hourly "no transmission" check, in one statement over every active enrolment: the full
     * calendar days (the patient's zone) since the last day with data, or since enrolment, against
     * the patient's threshold (the preset's `days` when staff set none). Opens an episode (a `high`
     * alert) where the gap reached it and none is running; the partial unique index keeps it to one
     * per episode if two runs overlap. Returns how many were opened.
     */
    async openNoTransmissionEpisodes(now: Date, presetDays: number, tx: Executor = db): Promise<number> {
      const at = now.toISOString();
      const result = await tx.execute(sql`
        with due as (
          select e.user_id, e.clinic_id, g.gap, g.last_day
          from clinic_enrolments e
          join users u on u.id = e.user_id
          left join clinic_thresholds th
            on th.user_id = e.user_id and th.clinic_id = e.clinic_id and th.metric = 'no_transmission'
          cross join lateral (
            select greatest(
              (select max(d.day) from clinic_transmission_days d
                where d.user_id = e.user_id and d.clinic_id = e.clinic_id),
              (e.enrolled_at at time zone u.time_zone)::date
            ) as last_day
          ) l
          cross join lateral (
            select ((${at}::timestamptz at time zone u.time_zone)::date - l.last_day - 1) as gap, l.last_day
          ) g
          where e.stopped_at is null
            and g.gap >= coalesce((th.limits->>'days')::int, ${presetDays}::int)
            and not exists (
              select 1 from clinic_alerts a
              where a.user_id = e.user_id and a.clinic_id = e.clinic_id
                and a.metric = 'no_transmission' and a.episode_ended_at is null)
        )
        , opened as (
          insert into clinic_alerts (user_id, clinic_id, metric, episode_key, severity, reading, taken_at,
            last_abnormal_at, raised_at, updated_at)
          select user_id, clinic_id, 'no_transmission', 'no_transmission:' || last_day::text, 'high',
            jsonb_build_object('values', jsonb_build_object('days', gap), 'takenAt', ${at}::text),
            ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
          from due
          on conflict do nothing
          returning user_id, clinic_id
        ), counted as (
          -- the list's figures (clinics.schema.ts): one more open alert, high (it shows whatever is shared)
          update clinic_enrolments e set open_alerts = e.open_alerts + 1, worst_rank = greatest(e.worst_rank, 2)
          from opened o where e.user_id = o.user_id and e.clinic_id = o.clinic_id
          returning 1
        )
        select user_id from opened`);
      return rowsOf(result).length;
    },
  };
}
