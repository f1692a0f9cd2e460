import type { Executor } from '../../db/client';
import { assertPartnerConnection } from '../oauth/partner-access-check';
import type { AccessActorType, AccessRequest } from './access-user-data';

/**
 * The right of one kind of actor to read a user's data, checked inside the access transaction before
 * the read. Throw (Forbidden / NotFound) to refuse. Each later issue replaces its actor type's entry:
 * partner → the user's active connection and its scopes, clinician → an active share, support → an
 * open ticket the user granted access to, legal → a recorded order, operator → the operator tool.
 */
export type AccessCheck = (request: AccessRequest, tx: Executor) => Promise<void>;

/**
 * Today the caller has resolved the right itself (only the operator CLI calls in): nothing more is
 * checked here yet, but the request is still validated and recorded.
 */
const callerResolvedTheRight: AccessCheck = async () => {};

export const accessChecks: Record<AccessActorType, AccessCheck> = {
  partner: assertPartnerConnection,
  clinician: callerResolvedTheRight,
  support: callerResolvedTheRight,
  operator: callerResolvedTheRight,
  legal: callerResolvedTheRight,
};
