import { partnerScopes } from '@vitalbase/core';
import Provider, {
  type Configuration,
  type Interaction,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { persistedOAuthSigningKey } from '../../config';
import type { AppContext } from '../../lib/context';
import { hashToken, safeEqual } from '../../lib/tokens';
import { createUsersRepo } from '../accounts';
import { APP_DISABLED_MESSAGE, isAppDisabled } from './app-disable';
import { authorizationErrorPage } from './authorization-error-page';
import { logoutPage, logoutSuccessPage } from './end-session-pages';
import { assertRegisteredJku, governJwksUriClients, keySetUnavailable } from './client-keys';
import { shareInteractionCookie } from './interaction-browser';
import { jwksHttpOptions } from './jwks-url';
import { createOidcAdapterFactory } from './oidc-adapter';
import { boundSessionEnded } from './online-access';
import { oauthPageLanguage, PAGE_LANGUAGES, uiLocalesLanguage } from './page-language';
import { publicUserId } from './public-user-ids';
import { clientAssertionAlgs, systemScopes } from './system-clients';

const DAY_S = 24 * 60 * 60;

/** Where oidc-provider's endpoints live (the web app owns `/oauth/consent/:uid`, the consent page). */
export const oauthRoutes = {
  authorization: '/oauth/auth',
  token: '/oauth/token',
  revocation: '/oauth/token/revocation',
  introspection: '/oauth/token/introspection',
  jwks: '/oauth/jwks',
  userinfo: '/oauth/me',
  end_session: '/oauth/session/end',
  registration: '/oauth/reg',
  pushed_authorization_request: '/oauth/request',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;

/**
 * The web page that shows the consent screen for an interaction; with the language the app's
 * ui_locales asked for (one of ours, never the raw value), which the web app speaks to a visitor not
 * signed in (web/src/i18n/index.ts; once signed in, the account's language wins).
 */
function consentPagePath(interaction: Interaction) {
  const path = `/oauth/consent/${encodeURIComponent(interaction.uid)}`;
  const language = uiLocalesLanguage(interaction.params.ui_locales);
  return language ? `${path}?ui_locales=${language}` : path;
}

/**
 * Every authorization asks the signed-in Vitalbase user on the consent page, even when oidc-provider
 * remembers a login: the browser may have changed hands since, and the user must see what each app
 * opens. (The interaction result carries the login of the user who approved.)
 */
function consentEveryTimePolicy() {
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check(
        'vitalbase_confirm',
        'the signed-in Vitalbase user approves every authorization',
        'login_required',
        (kctx) => !kctx.oidc.result?.login,
      ),
      0,
    );
  return policy;
}

const providers = new WeakMap<AppContext, Provider>();

/** The app's OAuth server (set up by registerOAuth). */
export function getOidcProvider(ctx: AppContext): Provider {
  const provider = providers.get(ctx);
  if (!provider) throw new Error('the OAuth server is not registered in this app');
  return provider;
}

/**
 * Scopes of the Withings-style API: its clients never ask for offline_access, yet the original always
 * gives a refresh token, so a grant holding one of them gets one too.
 */
const withingsScopes = new Set(partnerScopes.filter((s) => s.startsWith('user.')));

/**
 * SMART App Launch 2.2: a refresh token with offline_access (or online_access, bound to the session).
 * oidc-provider keeps offline_access only when the request says prompt=consent (OpenID Connect Core
 * 11); our consent page is shown for every authorization anyway, so the request says it for the app.
 */
function promptConsentForOfflineAccess(kctx: KoaContextWithOIDC) {
  if (kctx.method !== 'GET' || kctx.path !== oauthRoutes.authorization) return;
  const scope = kctx.query.scope;
  if (typeof scope !== 'string' || !/(^|\s)(offline_access|online_access)(\s|$)/.test(scope)) return;
  const prompt = typeof kctx.query.prompt === 'string' ? kctx.query.prompt.split(' ').filter(Boolean) : [];
  if (prompt.includes('consent') || prompt.includes('none')) return;
  kctx.query = { ...kctx.query, prompt: [...prompt, 'consent'].join(' ') };
}

/**
 * oidc-provider, configured per RFC 9700: authorization code only, PKCE S256 required for every
 * public client and every confidential client that did not turn it off (pkce_required), exact redirect URIs, short opaque access tokens, refresh tokens rotated on every use (a
 * replayed one revokes the whole grant: oidc-provider's reuse detection), revocation on.
 */
export function createOidcProvider(ctx: AppContext): Provider {
  const { config } = ctx;
  const users = createUsersRepo(ctx.database.db);
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };

  const configuration: Configuration = {
    adapter: createOidcAdapterFactory({ db: ctx.database.db, now: ctx.now }),
    routes: oauthRoutes,
    jwks: { keys: [persistedOAuthSigningKey(config.dataDir) as never] },
    cookies: { keys: [config.cookieSecret], long: cookieOptions, short: cookieOptions },
    scopes: [...partnerScopes, ...systemScopes],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    // The scopes' claims go in the ID token too (SMART: fhirUser is read from the ID token), not only
    // at the userinfo endpoint.
    conformIdTokenClaims: false,
    // Our own client metadata (oidc-adapter.ts clientMetadata): whether the app must use PKCE.
    extraClientMetadata: { properties: ['pkce_required'] },
    responseTypes: ['code'],
    // private_key_jwt: clinics' backend-services clients (system-clients.ts) only, by their metadata.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: [...clientAssertionAlgs] },
    // A clinic may register its EHR's key set by URL (jwks_uri): oidc-provider fetches it through our
    // guarded agent (public addresses only, size cap, timeout; jwks-url.ts), and a `jku` in an
    // assertion must be that URL (client-keys.ts).
    httpOptions: jwksHttpOptions({ allowHttpLoopback: config.jwksUrlAllowHttpLoopback }),
    assertJwtClientAuthClaimsAndHeader: assertRegisteredJku,
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    // A public client always; a confidential one unless it turned PKCE off (Withings clients send none,
    // RFC 9700 §2.1.1). A code_challenge sent is checked against the verifier whatever this answers.
    pkce: {
      methods: ['S256'],
      required: (_kctx, client) => (client as unknown as { pkce_required?: boolean }).pkce_required !== false,
    },
    allowOmittingSingleRegisteredRedirectUri: false,
    rotateRefreshToken: true,
    // Tokens outlive oidc-provider's login session (a 10-minute artefact of the consent step): the
    // connection lasts until the user disconnects the app. SMART's online_access asks for a refresh
    // token usable while the user's sign-in session lasts: that is the Vitalbase session that approved
    // (online-access.ts, checked on each refresh below), not this artefact.
    expiresWithSession: async () => false,
    // Withings clients always get one (they never ask); SMART apps with offline_access or online_access.
    issueRefreshToken: async (_kctx, client, code) =>
      client.grantTypeAllowed('refresh_token') &&
      (code.scopes.has('offline_access') ||
        code.scopes.has('online_access') ||
        [...code.scopes].some((scope) => withingsScopes.has(scope as never))),
    ttl: {
      AccessToken: config.oauthAccessTokenTtlSeconds,
      AuthorizationCode: 60,
      // SMART Backend Services: a backend token lives five minutes; the client signs a new assertion.
      ClientCredentials: 300,
      IdToken: 3600,
      RefreshToken: config.oauthRefreshTokenTtlDays * DAY_S,
      // A grant lasts until the user disconnects the app (refresh tokens expire on their own).
      Grant: 10 * 365 * DAY_S,
      Interaction: 3600,
      Session: 600,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      // RFC 7662 for resource servers: only an authenticated confidential client may ask (below).
      introspection: {
        enabled: true,
        allowedPolicy: async (_kctx, client) => client.clientAuthMethod !== 'none',
      },
      userinfo: { enabled: true },
      // Granted only to clients whose metadata lists it: clinics' backend-services clients.
      clientCredentials: { enabled: true },
      registration: { enabled: false },
      // RP-initiated logout: its question and its success page in the user's language.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (kctx, form) => {
          kctx.type = 'html';
          kctx.body = logoutPage(await oauthPageLanguage(ctx, kctx), form);
        },
        postLogoutSuccessSource: async (kctx) => {
          const client = kctx.oidc.client;
          kctx.type = 'html';
          kctx.body = logoutSuccessPage(
            await oauthPageLanguage(ctx, kctx),
            client?.clientName ?? client?.clientId,
          );
        },
      },
    },
    // OpenID Connect Discovery: the languages ui_locales may ask for (page-language.ts).
    discovery: { ui_locales_supported: [...PAGE_LANGUAGES] },
    interactions: {
      policy: consentEveryTimePolicy(),
      // The consent API checks that the browser answering is the one that started (issue #11).
      url: (kctx, interaction) => {
        shareInteractionCookie(kctx, interaction, cookieOptions);
        return consentPagePath(interaction);
      },
    },
    // Browser apps (public clients) may call the token endpoint from their redirect URIs' origins only.
    clientBasedCORS: (_kctx, origin, client) =>
      (client.redirectUris ?? []).some((uri) => {
        try {
          return new URL(uri).origin === origin;
        } catch {
          return false;
        }
      }),
    // A plain page (the app's request is broken: unknown client, redirect URI not registered…), in the
    // user's language (page-language.ts: account, then ui_locales, then Accept-Language).
    renderError: async (kctx, out) => {
      const appDisabled = out.error === 'invalid_client' && (await disabledClient(ctx, kctx));
      const language = await oauthPageLanguage(ctx, kctx);
      kctx.type = 'html';
      kctx.body = authorizationErrorPage(language, {
        code: String(out.error ?? 'error'),
        description: String(out.error_description ?? ''),
        appDisabled,
      });
    },
    async findAccount(_kctx, sub) {
      const user = await users.findById(sub);
      if (user?.state !== 'active') return undefined;
      return {
        accountId: user.id,
        claims: async () => ({ sub: user.id, fhirUser: `${config.publicUrl}/fhir/R4/Patient/${user.id}` }),
      };
    },
  };

  const provider = new Provider(config.publicUrl, configuration);
  // Its URLs come from X-Forwarded-Host/Proto, which the mount sets from PUBLIC_URL (oidc-mount.ts).
  provider.proxy = true;
  governJwksUriClients(provider, ctx.now);

  // Client secrets are kept as sha256 (they are 256 random bits): compare the hash of what was sent.
  provider.Client.prototype.compareClientSecret = async function compare(
    this: { clientSecret?: string },
    actual,
  ) {
    const expected = this.clientSecret;
    if (!expected || typeof actual !== 'string') return false;
    return safeEqual(expected, hashToken(actual));
  };

  // Token answers also name the user: `userid` (Withings clients read it: the public integer id, as
  // digits like the original's) and `patient` (SMART launch/patient: the id our FHIR API names).
  provider.use(async (kctx: KoaContextWithOIDC, next) => {
    promptConsentForOfflineAccess(kctx);
    await next();
    await explainDisabledClient(ctx, kctx);
    explainUnavailableKeySet(kctx);
    await refuseDisabledAppAtUserinfo(ctx, kctx);
    if (kctx.oidc?.route !== 'token' || kctx.status !== 200) return;
    if (await refusedOnlineRefresh(ctx, provider, kctx)) return;
    const body = kctx.body as Record<string, unknown> | undefined;
    const accountId = kctx.oidc.entities.Account?.accountId;
    if (!body || typeof body.access_token !== 'string' || !accountId) return;
    body.userid = String(await publicUserId(ctx.database.db, accountId));
    const scopes = typeof body.scope === 'string' ? body.scope.split(' ') : [];
    if (scopes.includes('launch/patient')) body.patient = accountId;
  });

  providers.set(ctx, provider);
  return provider;
}

/**
 * A refresh of an online_access grant whose session has ended: the grant and every token of it are
 * revoked (including the ones just issued) and the app gets `invalid_grant`, as for a revoked token.
 * Checked after oidc-provider has authenticated the app and the token, so a stranger learns nothing.
 */
async function refusedOnlineRefresh(ctx: AppContext, provider: Provider, kctx: KoaContextWithOIDC) {
  const grantId = kctx.oidc.entities.RefreshToken?.grantId;
  if (kctx.oidc.params?.grant_type !== 'refresh_token' || !grantId) return false;
  if (!(await boundSessionEnded(ctx.database.db, grantId, ctx.now()))) return false;
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.Grant.find(grantId).then((grant) => grant?.destroy()),
  ]);
  kctx.status = 400;
  kctx.body = { error: 'invalid_grant', error_description: 'the session this grant was bound to has ended' };
  return true;
}

/**
 * The client id a request names: its parameters, or the Basic credentials of a confidential client
 * (read only to explain a refusal; oidc-provider has already authenticated or refused it).
 */
function requestClientId(kctx: KoaContextWithOIDC): string | undefined {
  const param = kctx.oidc?.params?.client_id;
  if (typeof param === 'string') return param;
  const body = (kctx.request as { body?: Record<string, unknown> }).body;
  if (typeof body?.client_id === 'string') return body.client_id;
  const auth = kctx.get('authorization');
  if (!auth.startsWith('Basic ')) return undefined;
  const [id] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  try {
    return id ? decodeURIComponent(id) : undefined;
  } catch {
    return undefined;
  }
}

async function disabledClient(ctx: AppContext, kctx: KoaContextWithOIDC): Promise<boolean> {
  const clientId = requestClientId(kctx);
  return clientId !== undefined && clientId.length <= 200 && (await isAppDisabled(ctx.database.db, clientId));
}

/**
 * userinfo with a valid token of a disabled app: oidc-provider finds the token, not its client
 * (oidc-adapter.ts), and answers a bare invalid_token. It is refused as every other use of the token
 * is (partner-auth.ts): 401 app_disabled, with the reason; the header keeps RFC 6750's invalid_token,
 * which is what a standard client acts on.
 */
async function refuseDisabledAppAtUserinfo(ctx: AppContext, kctx: KoaContextWithOIDC) {
  if (kctx.oidc?.route !== 'userinfo' || kctx.status !== 401) return;
  const clientId = kctx.oidc.entities.AccessToken?.clientId;
  if (!clientId || !(await isAppDisabled(ctx.database.db, clientId))) return;
  kctx.body = { error: 'app_disabled', error_description: APP_DISABLED_MESSAGE };
  kctx.set(
    'www-authenticate',
    `Bearer realm="${kctx.oidc.issuer}", error="invalid_token", error_description="${APP_DISABLED_MESSAGE}"`,
  );
}

/**
 * A disabled app is an unknown client to oidc-provider (oidc-adapter.ts), which answers
 * `invalid_client`; the app's developer is told why instead of being left to suspect its secret.
 */
async function explainDisabledClient(ctx: AppContext, kctx: KoaContextWithOIDC) {
  const body = kctx.body as Record<string, unknown> | undefined;
  if (body?.error !== 'invalid_client' || !(await disabledClient(ctx, kctx))) return;
  body.error_description = APP_DISABLED_MESSAGE;
}

/**
 * SMART Backend Services: keys that cannot be fetched from the client's registered URL answer
 * `invalid_client`; the EHR's operator is told it is the URL, not the assertion, that failed.
 */
function explainUnavailableKeySet(kctx: KoaContextWithOIDC) {
  const body = kctx.body as Record<string, unknown> | undefined;
  const client = kctx.oidc?.entities.Client;
  if (body?.error !== 'invalid_client' || !client || !keySetUnavailable(client as never)) return;
  body.error_description = 'the client’s JSON Web Key Set could not be fetched from its registered jwks_url';
}
