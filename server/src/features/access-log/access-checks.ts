import type { Executor } from '../../db/client';
import type { AccessActorType, AccessRequest } from './access-user-data';

/**
 * The right of one kind of actor to read a user's data, checked inside the access transaction before
 * the read. Throw (Forbidden / NotFound) to refuse. Each later issue replaces its actor type's entry:
 * partner → the user's active connection and its scopes, clinician → an active share, support → an
 * open ticket the user granted access to, legal → a recorded order, operator → the operator tool.
 */
export type AccessCheck = (request: AccessRequest, tx: Executor) => Promise<void>;
/**
 * The same right for the requests of one read of several users at once (a clinic's patient list), in
 * a few statements instead of a few per user. Throws like the single check if any is refused.
 */
export type AccessBatchCheck = (requests: readonly AccessRequest[], tx: Executor) => Promise<void>;

/**
 * Today the caller has resolved the right itself (only the operator CLI calls in): nothing more is
 * checked here yet, but the request is still validated and recorded.
 */
const callerResolvedTheRight: AccessCheck = async () => {};

/** Until the feature that owns an actor type plugs its check in, that actor reads nothing. */
const notPluggedIn: AccessCheck = async (request) => {
  throw new Error(`no access check is plugged in for ${request.actor.type} reads`);
};

export const accessChecks: Record<AccessActorType, AccessCheck> = {
  partner: notPluggedIn,
  clinician: notPluggedIn,
  support: callerResolvedTheRight,
  operator: callerResolvedTheRight,
  legal: callerResolvedTheRight,
};

/** Batch checks where the owner plugged one in (else each request is checked alone). */
export const accessBatchChecks: Partial<Record<AccessActorType, AccessBatchCheck>> = {};

/**
 * The feature that owns an actor type plugs its check in here, from the composition root
 * (features/index.ts): oauth the partner check, clinics the clinician check (staff now, sharing on). So access-log depends on no feature that reads through it.
 */
export function plugAccessCheck(
  actorType: AccessActorType,
  check: AccessCheck,
  batch?: AccessBatchCheck,
): void {
  accessChecks[actorType] = check;
  if (batch) accessBatchChecks[actorType] = batch;
}
