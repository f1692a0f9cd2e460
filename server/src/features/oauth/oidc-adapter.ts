import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { findIllFormedText, isWellFormedText } from '@vitalbase/core';
import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import type { Executor } from '../../db/client';
import { oidcPayloads } from './oauth.schema';
import type { PartnerAppRow } from './partner-apps.repo';
import { createPartnerAppsRepo } from './partner-apps.repo';

/** What the adapter needs: the database and the app's clock (expiry follows the clock tests move). */
export interface AdapterDeps {
  db: Executor;
  now: () => Date;
}

/** oidc-provider's view of a partner app (its client metadata), built from our catalog row. */
function clientMetadata(app: PartnerAppRow): AdapterPayload {
  // A clinic's backend-services client: client_credentials only, authenticated by its signed JWT.
  if (app.clinicId) {
    return {
      client_id: app.clientId,
      client_name: app.name,
      redirect_uris: [],
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'private_key_jwt',
      // Keys pasted at registration, or the URL where the clinic publishes them (client-keys.ts).
      ...(app.jwksUrl ? { jwks_uri: app.jwksUrl } : { jwks: app.jwks ?? { keys: [] } }),
      scope: app.scopes.join(' '),
    };
  }
  return {
    client_id: app.clientId,
    ...(app.isPublic ? {} : { client_secret: app.clientSecretHash ?? undefined }),
    client_name: app.name,
    ...(app.logoUri ? { logo_uri: app.logoUri } : {}),
    redirect_uris: app.redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: app.isPublic ? 'none' : 'client_secret_basic',
    scope: app.scopes.join(' '),
    // Read by pkce.required (oidc-provider.ts): a public client always needs PKCE.
    pkce_required: app.isPublic || app.pkceRequired,
  };
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
/**
 * oidc-provider passes ids and parameters from the request as they came (`client_id=a%00b`). PostgreSQL
 * cannot hold NUL (the query fails) and turns a lone surrogate into U+FFFD: no stored id is like that,
 * so such an id is not found, and a payload holding such text is the app's bad request.
 */
const unstorable = (text: string) => !isWellFormedText(text);
const holdsUnstorable = (value: unknown) => findIllFormedText(value) !== undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * oidc-provider's storage on our database, one adapter per model (Grant, AccessToken, RefreshToken,
 * AuthorizationCode, Interaction, Session…). Clients are not stored here: they are read from the
 * partner_apps catalog. Rows carry the user and client ids (copied from the payload) so Disconnect and
 * erasure can remove every artefact of a user at once.
 */
export function createOidcAdapterFactory(deps: AdapterDeps) {
  const { db } = deps;
  const apps = createPartnerAppsRepo(db);
  const notExpired = () => or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, deps.now()));

  class DbAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client')
        throw new Error('partner apps are registered through the partner apps service');
      // Request parameters are stored as they came (an interaction keeps `state`): refuse them as the
      // app's bad request, never a failed query.
      if (holdsUnstorable(payload)) {
        throw new errors.InvalidRequest('parameters must not contain NUL or unpaired surrogates');
      }
      const accountId = str(payload.accountId);
      const row = {
        model: this.model,
        id,
        payload: payload as Record<string, unknown>,
        // accountId is our user id (a uuid) for every model that has one.
        userId: accountId && UUID.test(accountId) ? accountId : null,
        clientId: str(payload.clientId),
        grantId: str(payload.grantId),
        uid: str(payload.uid),
        userCode: str(payload.userCode),
        expiresAt: expiresIn ? new Date(deps.now().getTime() + expiresIn * 1000) : null,
      };
      await db
        .insert(oidcPayloads)
        .values(row)
        .onConflictDoUpdate({
          target: [oidcPayloads.model, oidcPayloads.id],
          set: {
            payload: row.payload,
            // An interaction is claimed by the user who opened it (see claimInteraction): keep the claim.
            userId: sql`coalesce(excluded.user_id, oidc_payloads.user_id)`,
            clientId: row.clientId,
            grantId: row.grantId,
            uid: row.uid,
            userCode: row.userCode,
            expiresAt: row.expiresAt,
          },
        });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (unstorable(id)) return undefined;
      if (this.model === 'Client') {
        const app = await apps.find(id);
        // A disabled app is no client: authorize, token, introspection and revocation refuse it
        // (oidc-provider.ts says why); its grants and tokens are kept for when it is enabled again.
        return app && !app.disabledAt ? clientMetadata(app) : undefined;
      }
      return this.findWhere(eq(oidcPayloads.id, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (unstorable(uid)) return undefined;
      return this.findWhere(eq(oidcPayloads.uid, uid));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (unstorable(userCode)) return undefined;
      return this.findWhere(eq(oidcPayloads.userCode, userCode));
    }

    private async findWhere(condition: ReturnType<typeof eq>): Promise<AdapterPayload | undefined> {
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.model, this.model), condition, notExpired()))
        .limit(1);
      if (!row) return undefined;
      return {
        ...row.payload,
        // oidc-provider reads `consumed` (epoch seconds) to detect a replayed code or refresh token.
        ...(row.consumedAt ? { consumed: Math.floor(row.consumedAt.getTime() / 1000) } : {}),
      } as AdapterPayload;
    }

    async consume(id: string): Promise<void> {
      if (unstorable(id)) return;
      await db
        .update(oidcPayloads)
        .set({
          consumedAt: sql`coalesce(${oidcPayloads.consumedAt}, ${deps.now().toISOString()}::timestamptz)`,
        })
        .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
    }

    async destroy(id: string): Promise<void> {
      if (unstorable(id)) return;
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
    }

    /** A grant revoked (refresh token replayed, revocation): oidc-provider calls this for each model. */
    async revokeByGrantId(grantId: string): Promise<void> {
      if (unstorable(grantId)) return;
      await db
        .delete(oidcPayloads)
        .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.grantId, grantId)));
    }
  }

  return (model: string): Adapter => new DbAdapter(model);
}

/** Every oidc-provider artefact of one user with one app (or all apps): Disconnect and erasure. */
export async function deleteOidcArtefacts(db: Executor, userId: string, clientId?: string): Promise<void> {
  await db
    .delete(oidcPayloads)
    .where(
      and(
        eq(oidcPayloads.userId, userId),
        clientId === undefined ? undefined : eq(oidcPayloads.clientId, clientId),
      ),
    );
}

/**
 * The consent page's interaction belongs to the first signed-in user who opens it: the uid is only in
 * that browser's address bar, and another user gets a 404. Answers false when another user holds it.
 */
export async function claimInteraction(db: Executor, uid: string, userId: string): Promise<boolean> {
  const rows = await db
    .update(oidcPayloads)
    .set({ userId })
    .where(
      and(
        eq(oidcPayloads.model, 'Interaction'),
        eq(oidcPayloads.id, uid),
        or(isNull(oidcPayloads.userId), eq(oidcPayloads.userId, userId)),
      ),
    )
    .returning({ id: oidcPayloads.id });
  return rows.length > 0;
}
