import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { recordSecurityEvent } from '../accounts';
import type { OperatorActor } from './operator-gate';

/**
 * A staff action on the service itself (a policy published, a partner app registered or removed):
 * no user's trail is about it, so it goes into the staff member's own audit trail — append-only and
 * hash-chained like every other, with where it came from.
 */
export function recordStaffAction(
  ctx: AppContext,
  req: FastifyRequest,
  actor: OperatorActor,
  action: string,
  details: Record<string, unknown>,
) {
  return recordSecurityEvent(ctx, requestMeta(req), {
    userId: actor.userId,
    action,
    actorType: 'operator',
    actorId: actor.userId,
    details,
  });
}
