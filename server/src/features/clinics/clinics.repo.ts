import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';
import {
  clinicEnrolmentPeriods,
  clinicEnrolments,
  clinicInvitations,
  clinics,
  clinicStaff,
} from './clinics.schema';
import { recountAlerts } from './monitoring.repo';

export type ClinicRow = typeof clinics.$inferSelect;
export type StaffRow = typeof clinicStaff.$inferSelect;
export type InvitationRow = typeof clinicInvitations.$inferSelect;
export type EnrolmentRow = typeof clinicEnrolments.$inferSelect;

/** Clinics and their staff. A staff member's rows are found by their own user id first. */
export function createClinicsRepo(db: Executor) {
  return {
    async insert(row: typeof clinics.$inferInsert, tx: Executor = db): Promise<ClinicRow> {
      const [saved] = await tx.insert(clinics).values(row).returning();
      if (!saved) throw new Error('clinic insert returned no row');
      return saved;
    },
    async find(id: string, tx: Executor = db): Promise<ClinicRow | undefined> {
      const [row] = await tx.select().from(clinics).where(eq(clinics.id, id));
      return row;
    },
    async update(id: string, set: Partial<typeof clinics.$inferInsert>, tx: Executor = db) {
      const [row] = await tx.update(clinics).set(set).where(eq(clinics.id, id)).returning();
      return row;
    },
    async membership(userId: string, clinicId: string, tx: Executor = db): Promise<StaffRow | undefined> {
      const [row] = await tx
        .select()
        .from(clinicStaff)
        .where(and(eq(clinicStaff.userId, userId), eq(clinicStaff.clinicId, clinicId)));
      return row;
    },
    async myClinics(userId: string, tx: Executor = db) {
      return tx
        .select({ id: clinics.id, name: clinics.name, role: clinicStaff.role })
        .from(clinicStaff)
        .innerJoin(clinics, eq(clinics.id, clinicStaff.clinicId))
        .where(eq(clinicStaff.userId, userId))
        .orderBy(asc(clinics.name));
    },
    async staffOf(clinicId: string, tx: Executor = db) {
      return tx
        .select({
          userId: clinicStaff.userId,
          role: clinicStaff.role,
          addedAt: clinicStaff.addedAt,
          displayName: users.displayName,
          email: users.email,
        })
        .from(clinicStaff)
        .innerJoin(users, eq(users.id, clinicStaff.userId))
        .where(eq(clinicStaff.clinicId, clinicId))
        .orderBy(asc(users.displayName), asc(clinicStaff.userId));
    },
    async addStaff(row: typeof clinicStaff.$inferInsert, tx: Executor = db): Promise<void> {
      await tx
        .insert(clinicStaff)
        .values(row)
        .onConflictDoUpdate({ target: [clinicStaff.userId, clinicStaff.clinicId], set: { role: row.role } });
    },
    /** True when there was a staff member to remove. */
    async removeStaff(userId: string, clinicId: string, tx: Executor = db): Promise<boolean> {
      const gone = await tx
        .delete(clinicStaff)
        .where(and(eq(clinicStaff.userId, userId), eq(clinicStaff.clinicId, clinicId)))
        .returning({ userId: clinicStaff.userId });
      return gone.length > 0;
    },
    async adminCount(clinicId: string, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(clinicStaff)
        .where(and(eq(clinicStaff.clinicId, clinicId), eq(clinicStaff.role, 'clinic_admin')));
      return Number(row?.n ?? 0);
    },
  };
}

/** Invitations, found by the hash of their secret only. */
export function createInvitationsRepo(db: Executor) {
  return {
    async insert(row: typeof clinicInvitations.$inferInsert, tx: Executor = db): Promise<InvitationRow> {
      const [saved] = await tx.insert(clinicInvitations).values(row).returning();
      if (!saved) throw new Error('invitation insert returned no row');
      return saved;
    },
    async findByHash(tokenHash: string, tx: Executor = db): Promise<InvitationRow | undefined> {
      const [row] = await tx
        .select()
        .from(clinicInvitations)
        .where(eq(clinicInvitations.tokenHash, tokenHash));
      return row;
    },
    /** Marks it used; false when another request used it first (single use under concurrency). */
    async take(id: string, now: Date, tx: Executor = db): Promise<boolean> {
      const taken = await tx
        .update(clinicInvitations)
        .set({ acceptedAt: now })
        .where(and(eq(clinicInvitations.id, id), isNull(clinicInvitations.acceptedAt)))
        .returning({ id: clinicInvitations.id });
      return taken.length > 0;
    },
    /** Invitations of one kind still open (not accepted, not expired), newest first. */
    async pending(clinicId: string, kind: 'staff' | 'patient', now: Date, tx: Executor = db) {
      return tx
        .select()
        .from(clinicInvitations)
        .where(
          and(
            eq(clinicInvitations.clinicId, clinicId),
            eq(clinicInvitations.kind, kind),
            isNull(clinicInvitations.acceptedAt),
            gt(clinicInvitations.expiresAt, now),
          ),
        )
        .orderBy(desc(clinicInvitations.createdAt))
        .limit(200);
    },
  };
}

/** Patients' sharing with clinics: the patient's own rows, and a clinic's list as one index range. */
export function createEnrolmentsRepo(db: Executor) {
  const active = (clinicId: string) =>
    and(eq(clinicEnrolments.clinicId, clinicId), isNull(clinicEnrolments.stoppedAt));
  return {
    async find(userId: string, clinicId: string, tx: Executor = db): Promise<EnrolmentRow | undefined> {
      const [row] = await tx
        .select()
        .from(clinicEnrolments)
        .where(and(eq(clinicEnrolments.userId, userId), eq(clinicEnrolments.clinicId, clinicId)));
      return row;
    },
    /**
     * Enrols, or enrols again after a stop (a new consent: new date, categories and versions); the
     * list's alert figures recounted, as the categories shared decide which alerts count.
     */
    async upsert(row: typeof clinicEnrolments.$inferInsert, tx: Executor = db): Promise<void> {
      const { userId: _u, clinicId: _c, ...set } = row;
      await tx
        .insert(clinicEnrolments)
        .values(row)
        .onConflictDoUpdate({
          target: [clinicEnrolments.userId, clinicEnrolments.clinicId],
          set: { ...set, stoppedAt: null },
        });
      // A new period, unless one is open (a new consent while sharing: the sharing never stopped).
      await tx
        .insert(clinicEnrolmentPeriods)
        .values({ userId: row.userId, clinicId: row.clinicId, startedAt: row.enrolledAt })
        .onConflictDoNothing();
      await recountAlerts(tx, row.userId, row.clinicId);
    },
    /** True when sharing was on and is now stopped. */
    async stop(userId: string, clinicId: string, now: Date, tx: Executor = db): Promise<boolean> {
      const stopped = await tx
        .update(clinicEnrolments)
        .set({ stoppedAt: now, updatedAt: now })
        .where(
          and(
            eq(clinicEnrolments.userId, userId),
            eq(clinicEnrolments.clinicId, clinicId),
            isNull(clinicEnrolments.stoppedAt),
          ),
        )
        .returning({ userId: clinicEnrolments.userId });
      if (!stopped.length) return false;
      const p = clinicEnrolmentPeriods;
      await tx
        .update(p)
        .set({ stoppedAt: now })
        .where(and(eq(p.userId, userId), eq(p.clinicId, clinicId), isNull(p.stoppedAt)));
      return true;
    },
    /**
     * The patient's periods of sharing with the clinic, oldest first: the latest `limit` (a patient who
     * stops and enrols again often must not make the patient page unbounded). One index range (the key).
     */
    async periods(userId: string, clinicId: string, limit: number, tx: Executor = db) {
      const p = clinicEnrolmentPeriods;
      const rows = await tx
        .select({ startedAt: p.startedAt, stoppedAt: p.stoppedAt })
        .from(p)
        .where(and(eq(p.userId, userId), eq(p.clinicId, clinicId)))
        .orderBy(desc(p.startedAt))
        .limit(limit);
      return rows.reverse();
    },
    async mySharing(userId: string, tx: Executor = db) {
      return tx
        .select({
          clinicId: clinics.id,
          clinicName: clinics.name,
          categories: clinicEnrolments.categories,
          since: clinicEnrolments.enrolledAt,
          acceptedBy: clinicEnrolments.acceptedBy,
        })
        .from(clinicEnrolments)
        .innerJoin(clinics, eq(clinics.id, clinicEnrolments.clinicId))
        .where(and(eq(clinicEnrolments.userId, userId), isNull(clinicEnrolments.stoppedAt)))
        .orderBy(asc(clinics.name));
    },
    /** Every patient sharing with the clinic now, with the categories each shared (the EHR's Group). */
    async allActive(clinicId: string, tx: Executor = db) {
      return tx
        .select({ userId: clinicEnrolments.userId, categories: clinicEnrolments.categories })
        .from(clinicEnrolments)
        .where(active(clinicId))
        .orderBy(asc(clinicEnrolments.userId));
    },
    /** The active enrolments among `userIds` at a clinic (the access check of a page of patients). */
    async activeOf(clinicId: string, userIds: string[], tx: Executor = db) {
      if (!userIds.length) return [];
      return tx
        .select({ userId: clinicEnrolments.userId, categories: clinicEnrolments.categories })
        .from(clinicEnrolments)
        .where(and(inArray(clinicEnrolments.userId, userIds), active(clinicId)));
    },
    async onePatient(clinicId: string, userId: string, tx: Executor = db) {
      const e = clinicEnrolments;
      const [row] = await tx
        .select({
          userId: e.userId,
          displayName: users.displayName,
          categories: e.categories,
          enrolledAt: e.enrolledAt,
        })
        .from(e)
        .innerJoin(users, eq(users.id, e.userId))
        .where(and(eq(e.userId, userId), active(clinicId)));
      return row;
    },
  };
}
