import type { Executor } from '../../db/client';
import { Forbidden, Unauthorized } from '../../lib/errors';
import type { AccessRequest } from '../access-log';
import { createConnectionsRepo } from './connections.repo';

/** A disconnected app's token is as good as none: the same answer as an unknown token. */
export const invalidPartnerToken = () =>
  new Unauthorized('The access token is invalid, expired or revoked.', 'invalid_token');

export const insufficientScope = (scopes: readonly string[]) =>
  new Forbidden(`This access token lacks the scope needed: ${scopes.join(' or ')}.`, 'insufficient_scope');

/**
 * The access point's check for partner reads (access-checks.ts): inside the read's transaction, the
 * user's connection to the app (actor id = client id) must be active and grant one of the required
 * scopes. Disconnect therefore stops a read that started before it, not only the next token check.
 */
export async function assertPartnerConnection(request: AccessRequest, tx: Executor): Promise<void> {
  const scopes = await createConnectionsRepo(tx).activeScopes(request.userId, request.actor.id, tx);
  if (!scopes) throw invalidPartnerToken();
  const required = request.requiredScopes ?? [];
  if (required.length === 0) throw new Error('a partner read must name the scope it needs');
  if (!required.some((scope) => scopes.includes(scope))) throw insufficientScope(required);
}
