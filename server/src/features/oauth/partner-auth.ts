import { isWellFormedText } from '@vitalbase/core';
import type { AccessToken } from 'oidc-provider';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { type AccessRecordCompanion, accessUserData } from '../access-log';
import { appDisabled } from './app-disable';
import { createConnectionsRepo } from './connections.repo';
import { deleteOidcArtefacts } from './oidc-adapter';
import { getOidcProvider } from './oidc-provider';
import { insufficientScope, invalidPartnerToken } from './partner-access-check';
import { findPartnerToken } from './partner-token.repo';

/** Who calls with a partner access token: the app, for one user, with the scopes of this token. */
export interface PartnerPrincipal {
  userId: string;
  clientId: string;
  clientName: string;
  grantId: string;
  scopes: string[];
  /** The user's IANA time zone, read with the account (partner answers give local days and zone names);
   *  absent for principals built without a token check (bulk export jobs). */
  timeZone?: string;
}

/** Tokens oidc-provider issues are 43 characters; anything far longer is not one of ours. */
const MAX_TOKEN_LENGTH = 512;

/**
 * Verifies an access token (opaque, issued by the app's OAuth server). Throws Unauthorized (code
 * 'invalid_token') when it is unknown, expired, revoked (its grant is gone: refresh token replayed,
 * revoked), its app was deleted, the user disconnected the app, or the account is no longer active.
 * One statement reads the token, its grant, the app and the account (partner-token.repo.ts);
 * oidc-provider verifies the stored payloads as its own lookups would; a second reads the user's
 * connection by its user id.
 */
export async function authenticatePartnerToken(ctx: AppContext, token: string): Promise<PartnerPrincipal> {
  if (!token || token.length > MAX_TOKEN_LENGTH || !isWellFormedText(token)) throw invalidPartnerToken();
  const provider = getOidcProvider(ctx);
  const found = await findPartnerToken(ctx.database.db, token, ctx.now());
  if (!found) throw invalidPartnerToken();
  const accessToken = await storedModel<AccessTokenModel>(provider.AccessToken, found.token);
  if (!accessToken?.accountId || !accessToken.grantId || !accessToken.clientId) throw invalidPartnerToken();
  // A token bound to oidc-provider's session (never issued here: expiresWithSession is off) is
  // checked by its own lookup, which follows the session.
  if (accessToken.expiresWithSession && !(await provider.AccessToken.find(token)))
    throw invalidPartnerToken();
  if (accessToken.isExpired || (accessToken.exp ?? 0) * 1000 <= ctx.now().getTime())
    throw invalidPartnerToken();
  const grant = found.grant && (await storedModel<{ accountId?: string }>(provider.Grant, found.grant));
  if (!grant || grant.accountId !== accessToken.accountId) throw invalidPartnerToken();

  const { app, account } = found;
  if (!app || app.clientId !== accessToken.clientId || account?.state !== 'active')
    throw invalidPartnerToken();
  // Disabled by the operator: the token is kept (enabling restores it) but opens nothing meanwhile.
  if (app.disabledAt) throw appDisabled();
  // Disconnect deletes the tokens too; the connection is checked anyway, keyed by the user.
  const connected = await createConnectionsRepo(ctx.database.db).activeScopes(
    accessToken.accountId,
    app.clientId,
  );
  if (!connected) throw invalidPartnerToken();
  return {
    userId: accessToken.accountId,
    clientId: app.clientId,
    clientName: app.name,
    grantId: accessToken.grantId,
    scopes: (accessToken.scope ?? '').split(' ').filter(Boolean),
    timeZone: account.timeZone,
  };
}

type AccessTokenModel = Pick<
  AccessToken,
  'accountId' | 'grantId' | 'clientId' | 'isExpired' | 'exp' | 'scope' | 'expiresWithSession'
>;

/**
 * What oidc-provider's `Model.find` does with the payload its adapter answers (lib/models/base_model.js,
 * 8.x): `verify` (the opaque format's checks: no legacy format, iat and exp against its clock) and
 * `instantiate` (refuses a payload of another kind); undefined where it would answer nothing.
 */
async function storedModel<T>(model: unknown, stored: Record<string, unknown>): Promise<T | undefined> {
  const m = model as {
    verify(stored: unknown, opts: { ignoreExpiration: boolean }): Promise<unknown>;
    instantiate(payload: unknown): T;
  };
  try {
    return m.instantiate(await m.verify(stored, { ignoreExpiration: false }));
  } catch {
    return undefined;
  }
}

/** The connection's last read (the connected-apps list shows it), written with the access's log row. */
const PARTNER_LAST_READ: AccessRecordCompanion = {
  name: 'partner_last_read',
  text: `UPDATE partner_connections SET last_read_at = $2::timestamptz
      WHERE user_id = $1::uuid AND client_id = $3::text`,
};

export interface PartnerRead {
  /** The scope that opens this read; with several, any one of them suffices. */
  requiredScope: string | string[];
  /** Why, in words the user understands (shown in "who accessed my data"). */
  purpose: string;
  /** Data categories read, e.g. ['readings:weight']. */
  what: string[];
}

/**
 * Every partner read of user data goes through here. The token must carry one of the required scopes
 * (Forbidden 'insufficient_scope'); then the access point (accessUserData, actor type 'partner') checks
 * inside its transaction that the connection is active and grants the scope, runs `read`, records the
 * access for the user's "who accessed my data", and the connection's last_read_at moves (in the
 * access log row's statement: one write per read).
 */
export async function readAsPartner<T>(
  ctx: AppContext,
  principal: PartnerPrincipal,
  access: PartnerRead,
  read: (tx: Executor) => Promise<T>,
): Promise<T> {
  const required = typeof access.requiredScope === 'string' ? [access.requiredScope] : access.requiredScope;
  if (!required.some((scope) => principal.scopes.includes(scope))) throw insufficientScope(required);
  return accessUserData(
    ctx,
    {
      actor: { type: 'partner', id: principal.clientId, name: principal.clientName },
      userId: principal.userId,
      purpose: access.purpose,
      what: access.what,
      requiredScopes: required,
    },
    read,
    PARTNER_LAST_READ,
  );
}

/** Active connections of a user (webhooks, erasure). */
export async function listActiveConnections(
  db: Executor,
  userId: string,
): Promise<{ clientId: string; scopes: string[] }[]> {
  const rows = await createConnectionsRepo(db).listActive(userId);
  return rows.map((r) => ({ clientId: r.clientId, scopes: r.scopes }));
}

/**
 * Ends connections (one app, or every app of the user): from that moment their tokens fail (every
 * grant, code and token of the user with the app is deleted) and their webhooks stop (B2 sends only to
 * active connections). Answers the client ids that were disconnected.
 */
export async function endConnections(
  db: Executor,
  userId: string,
  at: Date,
  clientId?: string,
): Promise<string[]> {
  const ended = await createConnectionsRepo(db).disconnect(userId, clientId, at, db);
  await deleteOidcArtefacts(db, userId, clientId);
  return ended;
}

/** At an erasure request: every app loses access at once. */
export async function endAllConnections(db: Executor, userId: string, at: Date): Promise<string[]> {
  return endConnections(db, userId, at);
}
