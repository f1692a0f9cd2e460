import { eq, or } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { normalizeEmail } from '../accounts';
import {
  clinicAlerts,
  clinicDevices,
  clinicInvitations,
  clinicPatientNotes,
  clinicThresholds,
  clinicTimeLog,
} from './clinics.schema';
import { createClinicDevicesRepo } from './devices.repo';

/** Who wrote a time entry or a note after their account was erased: no one's id. */
const FORMER_STAFF = '00000000-0000-0000-0000-000000000000';

/**
 * What erasing an account must do in this feature beyond the generic deletion by user_id (which takes
 * the person's staff memberships and enrolments): invitations are the clinic's rows, not keyed by a
 * user, yet they name the person — as the address invited, or as the staff member who sent them. Both
 * go: an invitation to an erased address can no longer be accepted by anyone it was meant for, and one
 * sent by an erased staff member is re-sent by a colleague if still wanted (docs/clinics.md).
 * A staff member's id on patients' alerts and thresholds (assignee, who acknowledged, resolved or set
 * it) is cleared: the act stays, the person is no longer named (an unindexed scan; erasure is rare).
 * Call it before deleting the user's rows, in the same transaction.
 */
export async function forgetUserInClinics(db: Executor, userId: string, email?: string): Promise<void> {
  const sentBy = eq(clinicInvitations.invitedBy, userId);
  const gone = await db
    .delete(clinicInvitations)
    .where(email ? or(sentBy, eq(clinicInvitations.email, normalizeEmail(email))) : sentBy)
    .returning({ id: clinicInvitations.id });
  // The clinic's units: reserved for those invitations, or with the person as patient, go back to
  // stock (their device records, and so their pairing, go with the account: devices' own hook).
  await createClinicDevicesRepo(db).releaseInvitations(gone.map((i) => i.id));
  await db
    .update(clinicDevices)
    .set({ assignedUserId: null, assignedAt: null })
    .where(eq(clinicDevices.assignedUserId, userId));
  await db.update(clinicAlerts).set({ assigneeId: null }).where(eq(clinicAlerts.assigneeId, userId));
  await db.update(clinicAlerts).set({ acknowledgedBy: null }).where(eq(clinicAlerts.acknowledgedBy, userId));
  await db.update(clinicAlerts).set({ resolvedBy: null }).where(eq(clinicAlerts.resolvedBy, userId));
  await db.update(clinicThresholds).set({ updatedBy: null }).where(eq(clinicThresholds.updatedBy, userId));
  // The time log and notes are the clinic's record of care: they stay, their author no longer named
  // (the columns are not null: the nil UUID reads as "former staff member").
  await db.update(clinicTimeLog).set({ staffId: FORMER_STAFF }).where(eq(clinicTimeLog.staffId, userId));
  await db
    .update(clinicPatientNotes)
    .set({ authorId: FORMER_STAFF })
    .where(eq(clinicPatientNotes.authorId, userId));
}
