import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { clinicDevices, clinicEnrolments, clinicInvitations } from './clinics.schema';

export type ClinicDeviceRow = typeof clinicDevices.$inferSelect;

/** A clinic's device stock: every query names the clinic (the stock is the clinic's, not a user's). */
export function createClinicDevicesRepo(db: Executor) {
  return {
    /** False when the unit is already in a clinic's stock (this one or another). */
    async insert(row: typeof clinicDevices.$inferInsert, tx: Executor = db): Promise<boolean> {
      const rows = await tx.insert(clinicDevices).values(row).onConflictDoNothing().returning();
      return rows.length === 1;
    },
    async find(clinicId: string, unitId: string, tx: Executor = db): Promise<ClinicDeviceRow | undefined> {
      const [row] = await tx
        .select()
        .from(clinicDevices)
        .where(and(eq(clinicDevices.clinicId, clinicId), eq(clinicDevices.unitId, unitId)));
      return row;
    },
    /** The stock, with whether each assigned patient still shares (one query whatever its size). */
    async list(clinicId: string, tx: Executor = db) {
      return tx
        .select({
          device: clinicDevices,
          stoppedAt: clinicEnrolments.stoppedAt,
          enrolled: clinicEnrolments.userId,
        })
        .from(clinicDevices)
        .leftJoin(
          clinicEnrolments,
          and(
            eq(clinicEnrolments.userId, clinicDevices.assignedUserId),
            eq(clinicEnrolments.clinicId, clinicDevices.clinicId),
          ),
        )
        .where(eq(clinicDevices.clinicId, clinicId))
        .orderBy(asc(clinicDevices.serial));
    },
    async update(
      clinicId: string,
      unitId: string,
      set: Partial<typeof clinicDevices.$inferInsert>,
      tx: Executor = db,
    ): Promise<ClinicDeviceRow | undefined> {
      const [row] = await tx
        .update(clinicDevices)
        .set(set)
        .where(and(eq(clinicDevices.clinicId, clinicId), eq(clinicDevices.unitId, unitId)))
        .returning();
      return row;
    },
    /** The units reserved for an invitation, as it is accepted. */
    async ofInvitation(invitationId: string, tx: Executor = db): Promise<ClinicDeviceRow[]> {
      return tx.select().from(clinicDevices).where(eq(clinicDevices.invitationId, invitationId));
    },
    /** The units reserved for some of the clinic's invitations (the open invitations' list). */
    async reservedFor(clinicId: string, invitationIds: string[], tx: Executor = db) {
      if (!invitationIds.length) return [];
      return tx
        .select({
          unitId: clinicDevices.unitId,
          serial: clinicDevices.serial,
          invitationId: clinicDevices.invitationId,
        })
        .from(clinicDevices)
        .where(and(eq(clinicDevices.clinicId, clinicId), inArray(clinicDevices.invitationId, invitationIds)))
        .orderBy(asc(clinicDevices.serial));
    },
    /** A patient invitation of this clinic (the one a unit is reserved for). */
    async patientInvitation(clinicId: string, id: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(clinicInvitations)
        .where(
          and(
            eq(clinicInvitations.clinicId, clinicId),
            eq(clinicInvitations.id, id),
            eq(clinicInvitations.kind, 'patient'),
          ),
        );
      return row;
    },
    /** Erasure: units reserved for invitations that are going back to stock. */
    async releaseInvitations(invitationIds: string[], tx: Executor = db): Promise<void> {
      if (!invitationIds.length) return;
      await tx
        .update(clinicDevices)
        .set({ invitationId: null })
        .where(inArray(clinicDevices.invitationId, invitationIds));
    },
  };
}
