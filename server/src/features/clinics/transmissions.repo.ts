import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { clinicAlerts, clinicTransmissionDays } from './clinics.schema';

/** Rows of a raw statement, on both engines (node-postgres and PGlite answer `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Transmission days (issue #15 §Adherence): one row per patient, clinic and the patient's calendar day
 * with data, written on the health-write slot; "no transmission" episodes opened by the hourly job.
 */
export function createTransmissionsRepo(db: Executor) {
  return {
    /**
     * Counts `items` newly stored on `day` for each clinic, and ends the patient's running "no
     * transmission" episodes (`endSilence`: the enrolments query saw one running): data arrived. One
     * statement, two when an episode ends; only for an enrolled patient.
     */
    async record(
      userId: string,
      clinicIds: string[],
      day: string,
      items: number,
      now: Date,
      endSilence: boolean,
      tx: Executor = db,
    ) {
      const t = clinicTransmissionDays;
      await tx
        .insert(t)
        .values(clinicIds.map((clinicId) => ({ userId, clinicId, day, readings: items })))
        .onConflictDoUpdate({
          target: [t.userId, t.clinicId, t.day],
          set: { readings: sql`${t.readings} + excluded.readings` },
        });
      if (!endSilence) return;
      await tx
        .update(clinicAlerts)
        .set({ episodeEndedAt: now, updatedAt: now })
        .where(
          and(
            eq(clinicAlerts.userId, userId),
            eq(clinicAlerts.metric, 'no_transmission'),
            isNull(clinicAlerts.episodeEndedAt),
          ),
        );
    },

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
        insert into clinic_alerts (user_id, clinic_id, metric, episode_key, severity, reading, taken_at,
          last_abnormal_at, raised_at, updated_at)
        select user_id, clinic_id, 'no_transmission', 'no_transmission:' || last_day::text, 'high',
          jsonb_build_object('values', jsonb_build_object('days', gap), 'takenAt', ${at}::text),
          ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        from due
        on conflict do nothing
        returning user_id`);
      return rowsOf(result).length;
    },
  };
}
