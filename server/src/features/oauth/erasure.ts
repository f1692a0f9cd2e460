import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { partnerApps } from './oauth.schema';

/**
 * What erasing an account must do in this feature beyond the generic deletion by user_id (which takes
 * the user's connections and oidc-provider rows): the apps the user registered as a developer go too —
 * their name and logo are the user's, and an app with no one to manage it must not keep reading other
 * users' data (its tokens fail once it is gone). Call it before deleting the user's rows, in the same
 * transaction.
 */
export async function forgetUserInPartnerApps(db: Executor, userId: string): Promise<void> {
  await db.delete(partnerApps).where(eq(partnerApps.ownerUserId, userId));
}
