import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { removePartnerApp } from './app-removal';
import { partnerApps } from './oauth.schema';

/**
 * What erasing an account must do in this feature beyond the generic deletion by user_id (which takes
 * the user's connections and oidc-provider rows): the apps the user registered as a developer go too —
 * their name, logo, redirect URIs, webhook endpoint and secret are the user's, and an app with no one
 * to manage it must not keep reading other users' data. Each is removed as its owner would remove it
 * (app-removal.ts): the users connected to it are disconnected, keeping the record that they were.
 * Call it before deleting the user's rows, in the same transaction.
 */
export async function forgetUserInPartnerApps(db: Executor, userId: string, at: Date): Promise<void> {
  const owned = await db
    .select({ clientId: partnerApps.clientId })
    .from(partnerApps)
    .where(eq(partnerApps.ownerUserId, userId));
  for (const { clientId } of owned) await removePartnerApp(db, clientId, at);
}
