import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { devices, manufacturedUnits } from './devices.schema';
import { householdMembers, householdMemberships } from './household.schema';

/**
 * What erasing an account must do in this feature beyond deleting the user's own rows (which the
 * generic user-data deletion does by user_id): free the units they had paired in the global factory
 * registry, so the hardware can be paired again, and remove their membership rows kept on the other
 * side (in the households they belonged to, and in their members' views). Call it before deleting
 * the user's rows, in the same transaction.
 */
export async function forgetUserInDevices(db: Executor, userId: string): Promise<void> {
  for (const d of await db
    .select({ id: devices.id, unitId: devices.unitId })
    .from(devices)
    .where(eq(devices.userId, userId))) {
    await db
      .update(manufacturedUnits)
      .set({ pairedUserId: null, pairedDeviceId: null })
      .where(and(eq(manufacturedUnits.id, d.unitId), eq(manufacturedUnits.pairedDeviceId, d.id)));
  }
  // Households the user belonged to: the owners' lists (an explicit list of owner ids from the user's own rows).
  for (const m of await db
    .select()
    .from(householdMemberships)
    .where(eq(householdMemberships.userId, userId))) {
    await db
      .delete(householdMembers)
      .where(and(eq(householdMembers.userId, m.ownerUserId), eq(householdMembers.memberUserId, userId)));
  }
  // The user's own household: its members' views.
  for (const m of await db.select().from(householdMembers).where(eq(householdMembers.userId, userId))) {
    await db
      .delete(householdMemberships)
      .where(
        and(eq(householdMemberships.userId, m.memberUserId), eq(householdMemberships.ownerUserId, userId)),
      );
  }
}
