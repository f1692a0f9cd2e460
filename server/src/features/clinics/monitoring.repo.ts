import { and, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { users } from '../accounts';
import { clinicAlerts, clinicEnrolments, clinics, clinicThresholds } from './clinics.schema';

export type AlertRow = typeof clinicAlerts.$inferSelect;
export type ThresholdRow = typeof clinicThresholds.$inferSelect;

/**
 * The category of the alert's metric, in SQL: the queue shows an alert only while it is shared. Null
 * for "no transmission", which shows no value and stands while the patient shares anything.
 */
export const alertCategory = sql`(case ${clinicAlerts.metric}
  when 'blood_pressure' then 'blood_pressure'
  when 'weight_gain' then 'weight'
  when 'spo2' then 'oxygen_saturation'
  when 'body_temperature' then 'temperature' end)`;

/** Thresholds and alerts: the patient's rows (user_id first), a clinic's queue as one index range. */
export function createMonitoringRepo(db: Executor) {
  return {
    async thresholdsOf(userId: string, clinicId?: string, tx: Executor = db): Promise<ThresholdRow[]> {
      return tx
        .select()
        .from(clinicThresholds)
        .where(
          and(
            eq(clinicThresholds.userId, userId),
            clinicId ? eq(clinicThresholds.clinicId, clinicId) : undefined,
          ),
        );
    },
    async saveThreshold(row: typeof clinicThresholds.$inferInsert, tx: Executor = db) {
      const { userId: _u, clinicId: _c, metric: _m, ...set } = row;
      await tx
        .insert(clinicThresholds)
        .values(row)
        .onConflictDoUpdate({
          target: [clinicThresholds.userId, clinicThresholds.clinicId, clinicThresholds.metric],
          set,
        });
    },
    /** The patient's active enrolments (evaluation runs for these clinics only), with their zone. */
    async activeEnrolments(userId: string, tx: Executor = db) {
      return tx
        .select({
          clinicId: clinicEnrolments.clinicId,
          categories: clinicEnrolments.categories,
          timeZone: users.timeZone,
          /** A "no transmission" episode runs here: the next write storing data ends it. */
          silent: sql<boolean>`exists (select 1 from ${clinicAlerts} a where a.user_id = ${clinicEnrolments.userId}
            and a.clinic_id = ${clinicEnrolments.clinicId} and a.metric = 'no_transmission' and a.episode_ended_at is null)`,
        })
        .from(clinicEnrolments)
        .innerJoin(users, eq(users.id, clinicEnrolments.userId))
        .where(and(eq(clinicEnrolments.userId, userId), isNull(clinicEnrolments.stoppedAt)));
    },
    /** The running episode, else the last ended one, of a patient's metric at a clinic. */
    async lastEpisode(userId: string, clinicId: string, metric: AlertRow['metric'], tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(clinicAlerts)
        .where(
          and(
            eq(clinicAlerts.userId, userId),
            eq(clinicAlerts.clinicId, clinicId),
            eq(clinicAlerts.metric, metric),
          ),
        )
        .orderBy(sql`${clinicAlerts.episodeEndedAt} is null desc`, desc(clinicAlerts.episodeEndedAt))
        .limit(1);
      return row;
    },
    /** Opens an episode; undefined when a concurrent write opened it first (the partial unique index). */
    async openEpisode(
      row: typeof clinicAlerts.$inferInsert,
      tx: Executor = db,
    ): Promise<AlertRow | undefined> {
      const [saved] = await tx.insert(clinicAlerts).values(row).onConflictDoNothing().returning();
      return saved;
    },
    async updateAlert(
      userId: string,
      id: string,
      set: Partial<typeof clinicAlerts.$inferInsert>,
      extra?: ReturnType<typeof and>,
      tx: Executor = db,
    ): Promise<AlertRow | undefined> {
      const [row] = await tx
        .update(clinicAlerts)
        .set(set)
        .where(and(eq(clinicAlerts.userId, userId), eq(clinicAlerts.id, id), extra))
        .returning();
      return row;
    },
    async findAlert(userId: string, clinicId: string, id: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(clinicAlerts)
        .where(
          and(eq(clinicAlerts.userId, userId), eq(clinicAlerts.id, id), eq(clinicAlerts.clinicId, clinicId)),
        );
      return row;
    },
    /**
     * One page of a clinic's queue, newest raised first: alerts of patients who still share the
     * alert's category (stopped sharing: gone from the queue), on the (clinic_id, state, raised_at) index.
     */
    async queue(
      clinicId: string,
      opts: { states: AlertRow['state'][]; limit: number; after?: { at: string; id: string } },
      tx: Executor = db,
    ) {
      const a = clinicAlerts;
      const e = clinicEnrolments;
      return tx
        .select({
          alert: a,
          patientName: users.displayName,
          category: sql<string | null>`${alertCategory}`,
          cursorAt: keysetTime(a.raisedAt),
        })
        .from(a)
        .innerJoin(e, and(eq(e.userId, a.userId), eq(e.clinicId, a.clinicId), isNull(e.stoppedAt)))
        .innerJoin(users, eq(users.id, a.userId))
        .where(
          and(
            eq(a.clinicId, clinicId),
            inArray(a.state, opts.states),
            sql`(${alertCategory} is null or ${e.categories} @> jsonb_build_array(${alertCategory}))`,
            keysetAfter(
              [
                { column: a.raisedAt, type: 'timestamptz' },
                { column: a.id, type: 'uuid' },
              ],
              opts.after && [opts.after.at, opts.after.id],
              'desc',
            ),
          ),
        )
        .orderBy(desc(a.raisedAt), desc(a.id))
        .limit(opts.limit);
    },
    /** Clinics with their escalation delay (a small reference table, scanned whole). */
    async clinicsForEscalation(tx: Executor = db) {
      return tx
        .select({
          id: clinics.id,
          name: clinics.name,
          minutes: clinics.escalationMinutes,
          webhookUrl: clinics.webhookUrl,
        })
        .from(clinics);
    },
    /**
     * Marks the clinic's urgent alerts raised before `cutoff`, still open and not yet escalated, as
     * escalated now, and returns them: each is mailed once, whoever runs the job.
     */
    async takeDueEscalations(clinicId: string, cutoff: Date, now: Date, tx: Executor = db) {
      const a = clinicAlerts;
      return tx
        .update(a)
        .set({ escalatedAt: now })
        .where(
          and(
            eq(a.clinicId, clinicId),
            eq(a.state, 'open'),
            lte(a.raisedAt, cutoff),
            eq(a.severity, 'urgent'),
            isNull(a.escalatedAt),
          ),
        )
        .returning({
          id: a.id,
          userId: a.userId,
          metric: a.metric,
          severity: a.severity,
          raisedAt: a.raisedAt,
        });
    },
  };
}
