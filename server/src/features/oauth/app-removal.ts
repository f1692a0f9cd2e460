import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { oidcPayloads, partnerApps, partnerConnections } from './oauth.schema';
import { runAppRemovalHooks } from './partner-app-hooks';
import { endConnections } from './partner-auth';

/**
 * Deletes a partner app, whoever deletes it (its owner, the operator, the owner's erasure), and leaves
 * no orphan: each user still connected to it is disconnected as if they had done it (their connection
 * row stays, with disconnected_at, as their record that the app is no longer connected), every grant,
 * code and token of the app goes, and so do its webhook endpoint, secret, notify subscriptions and
 * delivery log (webhooks feature). Answers false when there was no such app.
 */
export async function removePartnerApp(db: Executor, clientId: string, at: Date): Promise<boolean> {
  const connected = await db
    .select({ userId: partnerConnections.userId })
    .from(partnerConnections)
    .where(and(eq(partnerConnections.clientId, clientId), isNull(partnerConnections.disconnectedAt)));
  for (const { userId } of connected) await endConnections(db, userId, at, clientId);
  // What no connection covers: a code or an interaction not yet tied to a user, a revoked grant's rows.
  await db.delete(oidcPayloads).where(eq(oidcPayloads.clientId, clientId));
  // A user's sign-in session at the authorization server lists the apps it authorized (no client_id
  // column: one session, many apps): the gone app's entry is taken out, the session stays.
  await db
    .update(oidcPayloads)
    .set({ payload: sql`${oidcPayloads.payload} #- ARRAY['authorizations', ${clientId}]` })
    .where(
      and(eq(oidcPayloads.model, 'Session'), sql`${oidcPayloads.payload}->'authorizations' ? ${clientId}`),
    );
  // What features built on the app hold of it (webhooks: endpoint, subscriptions, delivery log).
  await runAppRemovalHooks(db, clientId);
  const deleted = await db
    .delete(partnerApps)
    .where(eq(partnerApps.clientId, clientId))
    .returning({ clientId: partnerApps.clientId });
  return deleted.length > 0;
}
