import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { staffRoles } from './operator.schema';

/**
 * Erasing an account: its own roles go with its user_id rows (db/delete-user-data.ts), so a staff
 * member who erases their account loses them; the roles it granted to others stay, without its id
 * (granted_by cleared: the grant's history, with who granted it, is in the grantee's audit trail).
 */
export async function forgetStaffInOperator(tx: Executor, userId: string): Promise<void> {
  await tx.update(staffRoles).set({ grantedBy: null }).where(eq(staffRoles.grantedBy, userId));
}
