import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { createSessionsRepo } from '../accounts';
import { oidcPayloads } from './oauth.schema';

/**
 * SMART's online_access (docs/api-partners.md): a refresh token usable while the user's sign-in
 * session lasts. The session that counts is the Vitalbase one that approved the app on the consent
 * page (oidc-provider's own login session is a 10-minute step of the consent, not the user's sign-in),
 * so the grant is bound to it here: one `oidc_payloads` row per grant, keyed and scoped like the
 * grant's tokens (user, app, grant), so disconnecting, removing the app and erasure remove it too.
 */
const MODEL = 'OnlineAccessSession';

/** Online only: online_access without offline_access (offline_access asks for the opposite). */
export function isOnlineOnly(scopes: Iterable<string>): boolean {
  const set = new Set(scopes);
  return set.has('online_access') && !set.has('offline_access');
}

export async function bindGrantToSession(
  db: Executor,
  grant: { grantId: string; userId: string; clientId: string; sessionId: string },
): Promise<void> {
  await db.insert(oidcPayloads).values({
    model: MODEL,
    id: grant.grantId,
    payload: { sessionId: grant.sessionId },
    userId: grant.userId,
    clientId: grant.clientId,
    grantId: grant.grantId,
  });
}

/** True when the grant is bound to a session that has ended (signed out, revoked or expired). */
export async function boundSessionEnded(db: Executor, grantId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ payload: oidcPayloads.payload, userId: oidcPayloads.userId })
    .from(oidcPayloads)
    .where(and(eq(oidcPayloads.model, MODEL), eq(oidcPayloads.id, grantId)));
  if (!row) return false;
  const sessionId = row.payload.sessionId;
  if (typeof sessionId !== 'string' || !row.userId) return true;
  return !(await createSessionsRepo(db).findActive(row.userId, sessionId, now));
}
