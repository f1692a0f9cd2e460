import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import * as oidc from 'openid-client';
import { createPartnerAppsService } from '../features/oauth';
import { randomToken } from '../lib/tokens';
import { createTestApp, type TestApp, type TestUser } from './harness';

/**
 * The app listening on a free loopback port, its public URL that address: for client libraries that
 * talk real HTTP (openid-client, simple-oauth2) to the issuer they are given.
 */
export async function createListeningTestApp(): Promise<{ t: TestApp; baseUrl: string }> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ config: { publicUrl: baseUrl } });
  await t.app.listen({ host: '127.0.0.1', port });
  return { t, baseUrl };
}

/** A partner app registered for a test: its client id, secret (null when public) and redirect URI. */
export interface TestPartnerApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  name: string;
}

let appCounter = 0;

/**
 * Registers a partner app directly through the service (fast), as the operator or, with `owner`, as
 * that user's developer app. The first redirect URI is the one the flow uses.
 */
export async function registerTestPartnerApp(
  t: Pick<TestApp, 'database' | 'clock'>,
  opts: {
    scopes: string[];
    redirectUris?: string[];
    owner?: TestUser;
    name?: string;
    public?: boolean;
    pkceRequired?: boolean;
  },
): Promise<TestPartnerApp> {
  appCounter += 1;
  const redirectUris = opts.redirectUris ?? [`https://partner${appCounter}.example.test/oauth/callback`];
  const name = opts.name ?? `Test Partner ${appCounter}`;
  const { app, clientSecret } = await createPartnerAppsService({
    database: t.database,
    now: t.clock.now,
  }).register({
    ownerUserId: opts.owner?.user.id,
    name,
    redirectUris,
    scopes: opts.scopes as never,
    ...(opts.public === undefined ? {} : { public: opts.public }),
    ...(opts.pkceRequired === undefined ? {} : { pkceRequired: opts.pkceRequired }),
  });
  return {
    clientId: app.clientId,
    clientSecret: clientSecret ?? '',
    redirectUri: redirectUris[0] ?? '',
    name,
  };
}

/** A PKCE pair (RFC 7636, S256). */
export function pkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomToken(32);
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

/** The path and query of an absolute or relative Location header. */
export function pathOf(location: string | undefined): string {
  if (!location) throw new Error('expected a redirect');
  const url = new URL(location, 'http://localhost');
  return `${url.pathname}${url.search}`;
}

export interface AuthorizeParams {
  redirectUri?: string;
  scope?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  state?: string;
}

/** GET /oauth/auth as the user's browser (answers oidc-provider's response: normally 303 to the consent page). */
export async function startAuthorization(
  user: TestUser,
  app: TestPartnerApp,
  params: AuthorizeParams,
): Promise<LightMyRequestResponse> {
  const query = new URLSearchParams({ client_id: app.clientId, response_type: 'code' });
  const set = (k: string, v: string | undefined) => v !== undefined && query.set(k, v);
  set('redirect_uri', params.redirectUri ?? app.redirectUri);
  set('scope', params.scope);
  set('state', params.state ?? randomToken(8));
  set('code_challenge', params.codeChallenge);
  set('code_challenge_method', params.codeChallenge ? (params.codeChallengeMethod ?? 'S256') : undefined);
  return user.client.get(`/oauth/auth?${query}`);
}

/**
 * The browser part of a real authorization, over HTTP: authorize with PKCE → the consent page's API
 * (approve) → back to oidc-provider → the redirect to the app with a code.
 */
export async function authorizeAndGetCode(
  user: TestUser,
  app: TestPartnerApp,
  scopes: string[],
  opts: { pkce?: boolean } = {},
): Promise<{ code: string; codeVerifier: string; redirectUri: string }> {
  // Without PKCE (a Withings client of a confidential app), the verifier is empty.
  const { codeVerifier, codeChallenge } =
    opts.pkce === false ? { codeVerifier: '', codeChallenge: undefined } : pkcePair();
  const start = await startAuthorization(user, app, { scope: scopes.join(' '), codeChallenge });
  if (start.statusCode !== 303) throw new Error(`authorize answered ${start.statusCode}: ${start.body}`);
  const consentPath = pathOf(start.headers.location as string);
  const uid = consentPath.split('/').pop() ?? '';
  const approved = await user.client.post(`/api/oauth/interaction/${uid}/approve`);
  if (approved.statusCode !== 200)
    throw new Error(`approve answered ${approved.statusCode}: ${approved.body}`);
  const back = await user.client.get(pathOf(approved.json().redirectTo));
  const location = back.headers.location as string | undefined;
  if (back.statusCode !== 303 || !location?.startsWith(app.redirectUri)) {
    throw new Error(`resume answered ${back.statusCode}: ${location ?? back.body}`);
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${new URL(location).search.replace(/code=[^&]+/, 'code=…')}`);
  return { code, codeVerifier, redirectUri: app.redirectUri };
}

/**
 * The user's browser on an authorization URL a client library built: the authorization page (through
 * the Withings-style address's redirect when given that), the consent page's approve, back to the app.
 * Answers the callback URL the app receives.
 */
export async function consentInBrowser(
  user: TestUser,
  authorizationUrl: string,
  /** The scopes the user keeps ticked (issue #13); all of them when absent. */
  keep?: string[],
): Promise<URL> {
  let start = await user.client.get(pathOf(authorizationUrl));
  if (start.statusCode === 302) start = await user.client.get(pathOf(start.headers.location as string));
  const consentPath = pathOf(start.headers.location as string);
  if (start.statusCode !== 303 || !consentPath.startsWith('/oauth/consent/')) {
    throw new Error(`authorize answered ${start.statusCode}: ${consentPath.replace(/code=[^&]+/, 'code=…')}`);
  }
  const uid = consentPath.split('/').pop();
  const approved = await user.client.post(
    `/api/oauth/interaction/${uid}/approve`,
    keep ? { scopes: keep } : undefined,
  );
  if (approved.statusCode !== 200)
    throw new Error(`approve answered ${approved.statusCode}: ${approved.body}`);
  const back = await user.client.get(pathOf(approved.json().redirectTo));
  if (back.statusCode !== 303) throw new Error(`resume answered ${back.statusCode}`);
  return new URL(back.headers.location as string);
}

/**
 * What an app using openid-client prepares: a PKCE verifier, a state, a nonce (OpenID Connect requests
 * only), the authorization URL, and the checks to pass to `authorizationCodeGrant`.
 */
export async function openidClientRequest(config: oidc.Configuration, app: TestPartnerApp, scope: string) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = scope.split(' ').includes('openid') ? oidc.randomNonce() : undefined;
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    ...(nonce ? { nonce } : {}),
  });
  return { url, checks: { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce } };
}

/** POST /oauth/token, authenticating the app with HTTP Basic (or as a public client when it has no secret). */
export async function tokenRequest(
  t: Pick<TestApp, 'app'>,
  app: TestPartnerApp,
  form: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(form);
  if (app.clientSecret) {
    const basic = `${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else body.set('client_id', app.clientId);
  return t.app.inject({ method: 'POST', url: '/oauth/token', headers, payload: body.toString() });
}

export interface PartnerTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  userId: string;
}

/** A user connects the app for real (authorize + consent + code exchange with PKCE): its tokens. */
export async function connectPartner(
  t: Pick<TestApp, 'app'>,
  user: TestUser,
  app: TestPartnerApp,
  scopes: string[],
): Promise<PartnerTokens> {
  const { code, codeVerifier, redirectUri } = await authorizeAndGetCode(user, app, scopes);
  const res = await tokenRequest(t, app, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  });
  if (res.statusCode !== 200) throw new Error(`token endpoint answered ${res.statusCode}: ${res.body}`);
  const body = res.json();
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresIn: body.expires_in,
    userId: body.userid,
  };
}
