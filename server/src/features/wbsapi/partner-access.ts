import type { AppContext } from '../../lib/context';
import { authenticatePartnerToken, type PartnerPrincipal, readAsPartner } from '../oauth';
import { wbsapiStatus } from './status-codes';
import { type WbsapiRequest, WbsapiError } from './wbsapi-request';
import { createWbsapiRepo, type WbsapiRepo } from './wbsapi.repo';

/** The Withings scopes, each opening one kind of data. */
type WithingsScope = 'user.info' | 'user.metrics' | 'user.activity' | 'user.sleepevents';

/** The partner behind a request's token (Bearer header or `access_token`); 401 when none or not valid. */
export async function partnerOf(ctx: AppContext, call: WbsapiRequest): Promise<PartnerPrincipal> {
  if (!call.token) throw new WbsapiError(wbsapiStatus.invalidToken);
  return authenticatePartnerToken(ctx, call.token);
}

/**
 * Every read of the Withings-style API: through the access point (scope checked, access recorded for
 * the user's "who accessed my data" list), the repo bound to its transaction.
 */
/** The scope a read needs, the action's name (the access log's purpose) and what it discloses. */
export interface PartnerReadAccess {
  scope: WithingsScope;
  action: string;
  what: string[];
}

export async function readForPartner<T>(
  ctx: AppContext,
  call: WbsapiRequest,
  access: PartnerReadAccess,
  read: (repo: WbsapiRepo, userId: string) => Promise<T>,
): Promise<T> {
  const principal = await partnerOf(ctx, call);
  return readAsPartner(
    ctx,
    principal,
    {
      requiredScope: access.scope,
      purpose: `Partner app request through the Withings-style API (${access.action})`,
      what: access.what,
    },
    // The zone came with the account when the token was checked: no second read of the user row.
    (tx) => {
      const repo = createWbsapiRepo(tx);
      const zone = principal.timeZone;
      return read(zone ? { ...repo, timeZoneOf: async () => zone } : repo, principal.userId);
    },
  );
}
