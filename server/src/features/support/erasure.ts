import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { supportGrants, supportMessages, supportRequests } from './support.schema';

/**
 * Erasing a staff member's account: their id on users' requests, messages and asks is cleared (the
 * user's own rows go with the generic deletion by user_id). The act stays, the person is no longer
 * named; an unindexed scan, erasure is rare. `asked_by` is not nullable: it takes the nil UUID.
 */
export async function forgetUserInSupport(db: Executor, userId: string): Promise<void> {
  await db.update(supportRequests).set({ assigneeId: null }).where(eq(supportRequests.assigneeId, userId));
  await db.update(supportMessages).set({ staffId: null }).where(eq(supportMessages.staffId, userId));
  await db
    .update(supportGrants)
    .set({ askedBy: '00000000-0000-0000-0000-000000000000' })
    .where(eq(supportGrants.askedBy, userId));
}
