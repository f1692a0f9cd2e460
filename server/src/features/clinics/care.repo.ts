import {
  type AnyColumn,
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  sql,
  sum,
} from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';
import {
  clinicAlerts,
  clinicEnrolmentPeriods,
  clinicEnrolments,
  clinicPatientNotes,
  clinicTimeLog,
} from './clinics.schema';

export type TimeEntryRow = typeof clinicTimeLog.$inferSelect;
export type NoteRow = typeof clinicPatientNotes.$inferSelect;

/** A month as bounds: its first day and the next month's, as dates and as UTC instants. */
export interface MonthBounds {
  firstDay: string;
  nextFirstDay: string;
  start: Date;
  end: Date;
}

/** Per patient sums of a month, for an explicit list of patients (the clinic's, never a scan). */
type PerPatient = Map<string, number>;

const e = clinicEnrolments;
const p = clinicEnrolmentPeriods;
/** A UTC instant's date, the same on both engines whatever the server's time zone. */
const utcDate = (col: AnyColumn) => sql`(${col} at time zone 'UTC')::date`;
type KeyedByPatient = { userId: AnyColumn; clinicId: AnyColumn };

/** One of the patient's periods of sharing with the clinic (clinic_enrolment_periods) holds `within`. */
const inAPeriod = (t: KeyedByPatient, within: SQL) =>
  sql`exists (select 1 from ${p} where ${p.userId} = ${t.userId} and ${p.clinicId} = ${t.clinicId} and ${within})`;

/**
 * A day (a date column of a table keyed by patient and clinic) within one of the patient's periods of
 * sharing with the clinic: from a period's first day to the day it stopped, so the days between a stop
 * and a new enrolment are left out. The report counts only what is of that time.
 */
export function dayWhileShared(t: KeyedByPatient, day: SQL | AnyColumn): SQL {
  return inAPeriod(
    t,
    sql`${day} >= ${utcDate(p.startedAt)} and (${p.stoppedAt} is null or ${day} <= ${utcDate(p.stoppedAt)})`,
  );
}
/** The same for an instant. */
function instantWhileShared(t: KeyedByPatient, at: AnyColumn): SQL {
  return inAPeriod(t, sql`${at} >= ${p.startedAt} and (${p.stoppedAt} is null or ${at} < ${p.stoppedAt})`);
}

/**
 * The care team's own records on a patient (issue #15): time log and notes, keyed by the patient
 * like every row of theirs; and the month's aggregates the report reads. Staff names come from the
 * accounts table (an erased author reads as a former staff member: see erasure.ts).
 */
export function createCareRepo(db: Executor) {
  const nameOf = sql<string>`coalesce(${users.displayName}, '')`;
  return {
    async timeLog(patientId: string, clinicId: string, month: MonthBounds, tx: Executor = db) {
      const t = clinicTimeLog;
      return tx
        .select({ entry: t, staffName: nameOf })
        .from(t)
        .leftJoin(users, eq(users.id, t.staffId))
        .where(
          and(
            eq(t.userId, patientId),
            eq(t.clinicId, clinicId),
            gte(t.day, month.firstDay),
            lt(t.day, month.nextFirstDay),
          ),
        )
        .orderBy(desc(t.day), desc(t.createdAt), desc(t.id));
    },
    async findEntry(patientId: string, clinicId: string, id: string, tx: Executor = db) {
      const t = clinicTimeLog;
      const [row] = await tx
        .select()
        .from(t)
        .where(and(eq(t.userId, patientId), eq(t.clinicId, clinicId), eq(t.id, id)));
      return row;
    },
    async runningTimer(patientId: string, clinicId: string, staffId: string, tx: Executor = db) {
      const t = clinicTimeLog;
      const [row] = await tx
        .select()
        .from(t)
        .where(
          and(
            eq(t.userId, patientId),
            eq(t.clinicId, clinicId),
            eq(t.staffId, staffId),
            isNotNull(t.startedAt),
          ),
        );
      return row;
    },
    async insertEntry(row: typeof clinicTimeLog.$inferInsert, tx: Executor = db): Promise<TimeEntryRow> {
      const [saved] = await tx.insert(clinicTimeLog).values(row).returning();
      if (!saved) throw new Error('time log insert returned no row');
      return saved;
    },
    async updateEntry(
      patientId: string,
      id: string,
      set: Partial<typeof clinicTimeLog.$inferInsert>,
      tx: Executor = db,
    ): Promise<TimeEntryRow | undefined> {
      const [row] = await tx
        .update(clinicTimeLog)
        .set(set)
        .where(and(eq(clinicTimeLog.userId, patientId), eq(clinicTimeLog.id, id)))
        .returning();
      return row;
    },
    async deleteEntry(patientId: string, id: string, tx: Executor = db): Promise<void> {
      await tx
        .delete(clinicTimeLog)
        .where(and(eq(clinicTimeLog.userId, patientId), eq(clinicTimeLog.id, id)));
    },

    async notes(patientId: string, clinicId: string, limit: number, tx: Executor = db) {
      const n = clinicPatientNotes;
      return tx
        .select({ note: n, authorName: nameOf })
        .from(n)
        .leftJoin(users, eq(users.id, n.authorId))
        .where(and(eq(n.userId, patientId), eq(n.clinicId, clinicId)))
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(limit);
    },
    async insertNote(row: typeof clinicPatientNotes.$inferInsert, tx: Executor = db): Promise<NoteRow> {
      const [saved] = await tx.insert(clinicPatientNotes).values(row).returning();
      if (!saved) throw new Error('note insert returned no row');
      return saved;
    },

    // ── the monthly report: one grouped query per measure, over an explicit list of patients ──

    /**
     * The periods of sharing that overlap the month (started before its end, and still open or stopped
     * after its start), with the patient's current enrolment (categories, sharing now); by name, then
     * each patient's periods in order.
     */
    async reportPeriods(clinicId: string, month: MonthBounds, onlyUserId?: string, tx: Executor = db) {
      return tx
        .select({
          userId: p.userId,
          displayName: nameOf,
          categories: e.categories,
          sharingNow: sql<boolean>`${e.stoppedAt} is null`,
          startedAt: p.startedAt,
          stoppedAt: p.stoppedAt,
        })
        .from(p)
        .innerJoin(e, and(eq(e.userId, p.userId), eq(e.clinicId, p.clinicId)))
        .innerJoin(users, eq(users.id, p.userId))
        .where(
          and(
            eq(p.clinicId, clinicId),
            or(isNull(p.stoppedAt), gte(p.stoppedAt, month.start)),
            lt(p.startedAt, month.end),
            onlyUserId ? eq(p.userId, onlyUserId) : undefined,
          ),
        )
        .orderBy(asc(users.displayName), asc(p.userId), asc(p.startedAt));
    },

    /**
     * Minutes and interactive minutes (stopped entries only: a running timer counts when stopped), of
     * days while the patient shared.
     */
    async minutes(patientIds: string[], clinicId: string, month: MonthBounds, tx: Executor = db) {
      const t = clinicTimeLog;
      if (!patientIds.length) return { all: new Map() as PerPatient, interactive: new Map() as PerPatient };
      const rows = await tx
        .select({
          userId: t.userId,
          all: sum(t.minutes),
          interactive: sql<string>`sum(case when ${t.interactive} then ${t.minutes} else 0 end)`,
        })
        .from(t)
        .where(
          and(
            inArray(t.userId, patientIds),
            eq(t.clinicId, clinicId),
            isNull(t.startedAt),
            gte(t.day, month.firstDay),
            lt(t.day, month.nextFirstDay),
            dayWhileShared(t, t.day),
          ),
        )
        .groupBy(t.userId);
      return {
        all: new Map(rows.map((r) => [r.userId, Number(r.all ?? 0)])) as PerPatient,
        interactive: new Map(rows.map((r) => [r.userId, Number(r.interactive ?? 0)])) as PerPatient,
      };
    },
    /** Alerts raised in the month while the patient shared, and alerts staff resolved in the month. */
    async alerts(patientIds: string[], clinicId: string, month: MonthBounds, tx: Executor = db) {
      const a = clinicAlerts;
      if (!patientIds.length) return { raised: new Map() as PerPatient, resolved: new Map() as PerPatient };
      const within = (col: typeof a.raisedAt | typeof a.resolvedAt, also = sql`true`) =>
        sql<string>`count(*) filter (where ${col} >= ${month.start.toISOString()} and ${col} < ${month.end.toISOString()} and ${also})`;
      const rows = await tx
        .select({
          userId: a.userId,
          raised: within(a.raisedAt, instantWhileShared(a, a.raisedAt)),
          resolved: within(a.resolvedAt),
        })
        .from(a)
        .where(and(inArray(a.userId, patientIds), eq(a.clinicId, clinicId), lt(a.raisedAt, month.end)))
        .groupBy(a.userId)
        .orderBy(asc(a.userId));
      return {
        raised: new Map(rows.map((r) => [r.userId, Number(r.raised)])) as PerPatient,
        resolved: new Map(rows.map((r) => [r.userId, Number(r.resolved)])) as PerPatient,
      };
    },
  };
}
