import { and, desc, eq, isNull, lte, type SQL, sql } from 'drizzle-orm';
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
const alertCategory = categoryOfMetric(sql`${clinicAlerts.metric}`);
const alertCategorySql = categoryOfMetric(sql`a.metric`);

function categoryOfMetric(metric: SQL) {
  return sql`(case ${metric}
  when 'blood_pressure' then 'blood_pressure'
  when 'weight_gain' then 'weight'
  when 'spo2' then 'oxygen_saturation'
  when 'body_temperature' then 'temperature' end)`;
}

const severityRankSql = sql`(case a.severity when 'urgent' then 3 when 'high' then 2 else 1 end)`;

/**
 * Recounts the enrolments' `open_alerts` and `worst_rank` (clinics.schema.ts) from the patient's
 * alerts: every statement that changes an alert's state or severity, or an enrolment's categories, is
 * followed by this one in its transaction. The patient's own rows (user_id first).
 */
export async function recountAlerts(tx: Executor, userId: string, clinicId?: string): Promise<void> {
  await tx.execute(sql`
    update clinic_enrolments e set (open_alerts, worst_rank) = (
      select count(*)::int, coalesce(max(${severityRankSql}), 0)::int
      from clinic_alerts a
      where a.user_id = e.user_id and a.clinic_id = e.clinic_id and a.state <> 'resolved'
        and (${alertCategorySql} is null or e.categories @> jsonb_build_array(${alertCategorySql})))
    where e.user_id = ${userId}::uuid ${clinicId ? sql`and e.clinic_id = ${clinicId}::uuid` : sql``}`);
}

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
    /** Opens an episode; undefined when a concurrent write opened it first (the partial unique index). */
    async openEpisode(
      row: typeof clinicAlerts.$inferInsert,
      tx: Executor = db,
    ): Promise<AlertRow | undefined> {
      const [saved] = await tx.insert(clinicAlerts).values(row).onConflictDoNothing().returning();
      if (saved) await recountAlerts(tx, saved.userId, saved.clinicId);
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
      if (row && (set.state !== undefined || set.severity !== undefined)) {
        await recountAlerts(tx, userId, row.clinicId);
      }
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
     * alert's category (stopped sharing: gone from the queue). One ordered index range, read up to
     * the page: the active queue's partial index (open and acknowledged), else (clinic_id, state,
     * raised_at); each row's enrolment and name by primary key.
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
            // Literals (a fixed enum), so the planner matches the active queue's partial index.
            sql`${a.state} in (${sql.raw(opts.states.map((x) => `'${x}'`).join(', '))})`,
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
