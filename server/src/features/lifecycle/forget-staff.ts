import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { accountSuspensions, maintenanceWindows } from './lifecycle.schema';

/** The nil id: "a former staff member" (or the command line) in a not-null staff column. */
const FORMER_STAFF = '00000000-0000-0000-0000-000000000000';

/**
 * Erasure of a staff member (plugged into erasure in features/index.ts): the suspensions they decided
 * and the windows they scheduled stay (the users' records and the service's), without their id.
 */
export async function forgetStaffInLifecycle(tx: Executor, userId: string): Promise<void> {
  await tx
    .update(accountSuspensions)
    .set({ suspendedBy: FORMER_STAFF })
    .where(eq(accountSuspensions.suspendedBy, userId));
  await tx
    .update(accountSuspensions)
    .set({ liftedBy: FORMER_STAFF })
    .where(eq(accountSuspensions.liftedBy, userId));
  await tx
    .update(maintenanceWindows)
    .set({ createdBy: null })
    .where(eq(maintenanceWindows.createdBy, userId));
}
