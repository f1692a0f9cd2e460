import type { LightMyRequestResponse } from 'fastify';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  authorizeAndGetCode,
  connectPartner,
  consentInBrowser,
  createListeningTestApp,
  pathOf,
  pkcePair,
  registerTestPartnerApp,
  startAuthorization,
  type TestPartnerApp,
  tokenRequest,
} from '../../test/partner-harness';
import { createOidcAdapterFactory } from './oidc-adapter';
import { authenticatePartnerToken, listActiveConnections } from './partner-auth';
import { publicUserId } from './public-user-ids';

let t: TestApp;
let issuer: string;
// openid-client talks real HTTP to the issuer it discovered: the app listens on a free port.
beforeAll(async () => {
  ({ t, baseUrl: issuer } = await createListeningTestApp());
});
afterAll(async () => t?.close());

const expectRefused = async (token: string) =>
  expect(authenticatePartnerToken(t.app.ctx, token)).rejects.toMatchObject({
    statusCode: 401,
    code: 'invalid_token',
  });

/** What the app (openid-client) prepares: a PKCE verifier, a state, and the authorization URL. */
async function authorizationRequest(config: oidc.Configuration, app: TestPartnerApp, scope: string) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  return { codeVerifier, state, url };
}

/** The authorization endpoint sent the browser back to the app with `error`, and no code. */
function expectErrorAtApp(res: LightMyRequestResponse, app: TestPartnerApp, error: string) {
  expect(res.statusCode).toBe(303);
  const location = new URL(res.headers.location as string);
  expect(location.href.startsWith(app.redirectUri)).toBe(true);
  expect(location.searchParams.get('error')).toBe(error);
  expect(location.searchParams.get('code')).toBeNull();
}

/** The browser's part of a flow openid-client started: authorize URL → consent → callback URL. */
const browse = (user: TestUser, authorizationUrl: URL) => consentInBrowser(user, authorizationUrl.href);

describe('openid-client completes code + PKCE + refresh rotation against the server', () => {
  let app: TestPartnerApp;
  let user: TestUser;
  let config: oidc.Configuration;
  beforeAll(async () => {
    user = await createTestUser(t);
    app = await registerTestPartnerApp(t, {
      scopes: ['user.metrics', 'launch/patient', 'patient/Observation.rs'],
    });
    config = await oidc.discovery(new URL(issuer), app.clientId, app.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  });

  it('discovers the endpoints under /oauth, PKCE S256 only', () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(issuer);
    expect(meta.token_endpoint).toBe(`${issuer}/oauth/token`);
    expect(meta.authorization_endpoint).toBe(`${issuer}/oauth/auth`);
    expect(meta.revocation_endpoint).toBe(`${issuer}/oauth/token/revocation`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('answers the RFC 8414 metadata too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ issuer, token_endpoint: `${issuer}/oauth/token` });
  });

  it('gets tokens, rotates the refresh token, and a replayed one kills the whole family', async () => {
    const { codeVerifier, state, url } = await authorizationRequest(
      config,
      app,
      'user.metrics launch/patient',
    );
    const callback = await browse(user, url);
    const first = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
    });
    expect(first.token_type.toLowerCase()).toBe('bearer');
    expect(first.expires_in).toBe(3600);
    expect(first.scope?.split(' ').sort()).toEqual(['launch/patient', 'user.metrics']);
    expect(first).toMatchObject({ userid: expect.stringMatching(/^\d{8,9}$/), patient: user.user.id });
    expect(first.refresh_token).toEqual(expect.any(String));
    await expect(authenticatePartnerToken(t.app.ctx, first.access_token)).resolves.toMatchObject({
      userId: user.user.id,
      clientId: app.clientId,
    });

    const second = await oidc.refreshTokenGrant(config, first.refresh_token as string);
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expect(authenticatePartnerToken(t.app.ctx, second.access_token)).resolves.toMatchObject({
      userId: user.user.id,
    });

    // The first refresh token again: refused, and the grant goes with everything issued from it.
    await expect(oidc.refreshTokenGrant(config, first.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.refreshTokenGrant(config, second.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expectRefused(second.access_token);
    await expectRefused(first.access_token);
  });

  it('revokes a refresh token: it and the access tokens of its grant fail', async () => {
    const tokens = await connectPartner(t, user, app, ['user.metrics']);
    await oidc.tokenRevocation(config, tokens.refreshToken);
    await expect(oidc.refreshTokenGrant(config, tokens.refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expectRefused(tokens.accessToken);
  });
});

describe('the authorization endpoint refuses what RFC 9700 forbids', () => {
  let app: TestPartnerApp;
  let user: TestUser;
  beforeAll(async () => {
    user = await createTestUser(t);
    // PKCE required (a confidential app that turned it on; a public app always has it on).
    app = await registerTestPartnerApp(t, { scopes: ['user.metrics'], pkceRequired: true });
  });

  it('a redirect URI that differs by one character: an error page, never a redirect', async () => {
    const { codeChallenge } = pkcePair();
    for (const redirectUri of [
      `${app.redirectUri}x`,
      app.redirectUri.slice(0, -1),
      app.redirectUri.replace('https', 'http'),
    ]) {
      const res = await startAuthorization(user, app, { redirectUri, scope: 'user.metrics', codeChallenge });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('no code challenge (a verifier would have nothing to match), or the plain method: refused', async () => {
    const noChallenge = await startAuthorization(user, app, { scope: 'user.metrics' });
    const plain = await startAuthorization(user, app, {
      scope: 'user.metrics',
      codeChallenge: pkcePair().codeVerifier,
      codeChallengeMethod: 'plain',
    });
    for (const res of [noChallenge, plain]) expectErrorAtApp(res, app, 'invalid_request');
  });

  it('an unknown client: an error page', async () => {
    const res = await startAuthorization(
      user,
      { ...app, clientId: 'no-such-client' },
      {
        scope: 'user.metrics',
        codeChallenge: pkcePair().codeChallenge,
      },
    );
    expect(res.statusCode).toBe(400);
  });

  it('accepts Withings-style comma-separated scopes', async () => {
    const both = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'] });
    const { codeChallenge } = pkcePair();
    const res = await startAuthorization(user, both, { scope: 'user.info,user.metrics', codeChallenge });
    expect(res.statusCode).toBe(303);
    const uid = pathOf(res.headers.location as string)
      .split('/')
      .pop();
    const details = await user.client.get(`/api/oauth/interaction/${uid}`);
    expect(details.json().scopes.map((s: { scope: string }) => s.scope)).toEqual([
      'user.info',
      'user.metrics',
    ]);
  });
});

describe('an authorization belongs to the browser that started it (issue #11)', () => {
  let app: TestPartnerApp;
  let config: oidc.Configuration;
  beforeAll(async () => {
    app = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
    config = await oidc.discovery(new URL(issuer), app.clientId, app.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  });

  /** The app sends a browser (B's, not signed in) to authorize: the app's PKCE pair, state and the uid. */
  async function startInBrowser(browser: ApiClient) {
    const { codeVerifier, state, url } = await authorizationRequest(config, app, 'user.metrics');
    const start = await browser.get(pathOf(url.href));
    expect(start.statusCode).toBe(303);
    const uid = pathOf(start.headers.location as string)
      .split('/')
      .pop() as string;
    return { codeVerifier, state, uid };
  }

  const expectOtherBrowser = (res: { statusCode: number; json(): unknown }) => {
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      error: { code: 'authorization_other_browser', message: expect.stringContaining('another browser') },
    });
  };

  it("B's consent link opened by A: A's Allow is refused, and B's browser gets no code for A's data", async () => {
    const a = await createTestUser(t);
    const b = t.client();
    const { uid } = await startInBrowser(b);

    // B sends the link to A, who is signed in in their own browser and clicks Allow (or Deny).
    expectOtherBrowser(await a.client.get(`/api/oauth/interaction/${uid}`));
    expectOtherBrowser(await a.client.post(`/api/oauth/interaction/${uid}/approve`));
    expectOtherBrowser(await a.client.post(`/api/oauth/interaction/${uid}/deny`));
    expect(await listActiveConnections(t.database.db, a.user.id)).toEqual([]);

    // B's browser resumes the authorization: no code comes back (only the consent page again).
    const back = await b.get(`/oauth/auth/${uid}`);
    const location = new URL((back.headers.location as string | undefined) ?? '/', issuer);
    expect(location.href.startsWith(app.redirectUri)).toBe(false);
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('the browser that started it, signed in after, still connects its own account', async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    const browser = t.client();
    const { codeVerifier, state, uid } = await startInBrowser(browser);
    expectOtherBrowser(await a.client.post(`/api/oauth/interaction/${uid}/approve`));

    const signIn = await browser.post('/api/auth/login', { email: b.user.email, password: b.password });
    expect(signIn.statusCode).toBe(200);
    expect((await browser.get(`/api/oauth/interaction/${uid}`)).statusCode).toBe(200);
    const approved = await browser.post(`/api/oauth/interaction/${uid}/approve`);
    expect(approved.statusCode).toBe(200);
    const back = await browser.get(pathOf(approved.json().redirectTo));
    expect(back.statusCode).toBe(303);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.headers.location as string), {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
    });
    expect(tokens.userid).toBe(String(await publicUserId(t.database.db, b.user.id)));
    expect(await listActiveConnections(t.database.db, a.user.id)).toEqual([]);
  });
});

describe("the oidc adapter: what PostgreSQL cannot hold is not found, or the app's bad request", () => {
  const illFormed = ['a\u0000b', 'a\ud800b', '\udc00', 'abc\u0000'];

  it('finds nothing and changes nothing for an id with NUL or a lone surrogate, on every model', async () => {
    const adapterOf = createOidcAdapterFactory({ db: t.database.db, now: t.clock.now });
    for (const model of ['Client', 'Interaction', 'AccessToken', 'Grant', 'Session']) {
      const adapter = adapterOf(model);
      for (const id of illFormed) {
        await expect(adapter.find(id)).resolves.toBeUndefined();
        if (model === 'Client') continue;
        await expect(adapter.findByUid?.(id)).resolves.toBeUndefined();
        await expect(adapter.findByUserCode?.(id)).resolves.toBeUndefined();
        await expect(adapter.consume(id)).resolves.toBeUndefined();
        await expect(adapter.destroy(id)).resolves.toBeUndefined();
        await expect(adapter.revokeByGrantId?.(id)).resolves.toBeUndefined();
      }
    }
  });

  it('a NUL in a parameter the authorization keeps (state, in a form body): invalid_request, not a 500', async () => {
    const app = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/auth',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        client_id: app.clientId,
        response_type: 'code',
        redirect_uri: app.redirectUri,
        scope: 'user.metrics',
        state: 'a\u0000b',
        code_challenge: pkcePair().codeChallenge,
        code_challenge_method: 'S256',
      }).toString(),
    });
    expectErrorAtApp(res, app, 'invalid_request');
  });

  it('GET /oauth/auth with a NUL in client_id: an error page, not a 500', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/oauth/auth?client_id=a%00b&response_type=code' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe('the token endpoint refuses a code without its verifier', () => {
  let app: TestPartnerApp;
  let user: TestUser;
  beforeAll(async () => {
    user = await createTestUser(t);
    app = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  });

  it('missing code_verifier, a wrong one, a wrong client secret, a code used twice', async () => {
    const { code, codeVerifier, redirectUri } = await authorizeAndGetCode(user, app, ['user.metrics']);
    const base = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    const missing = await tokenRequest(t, app, base);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toBe('invalid_grant');

    const wrong = await tokenRequest(t, app, { ...base, code_verifier: pkcePair().codeVerifier });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toBe('invalid_grant');

    const badSecret = await tokenRequest(
      t,
      { ...app, clientSecret: `${app.clientSecret}x` },
      {
        ...base,
        code_verifier: codeVerifier,
      },
    );
    expect(badSecret.statusCode).toBe(401);
    expect(badSecret.json().error).toBe('invalid_client');
  });

  it('a code is single-use: the second exchange fails', async () => {
    const { code, codeVerifier, redirectUri } = await authorizeAndGetCode(user, app, ['user.metrics']);
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    };
    expect((await tokenRequest(t, app, form)).statusCode).toBe(200);
    const again = await tokenRequest(t, app, form);
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toBe('invalid_grant');
  });

  it('the client secret may also come in the form body (Withings clients send it there)', async () => {
    const { code, codeVerifier, redirectUri } = await authorizeAndGetCode(user, app, ['user.metrics']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      userid: String(await publicUserId(t.database.db, user.user.id)),
      scope: 'user.metrics',
      token_type: 'Bearer',
    });
  });

  it('access tokens are short-lived: refused once expired', async () => {
    const tokens = await connectPartner(t, user, app, ['user.metrics']);
    await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).resolves.toBeDefined();
    t.clock.advance(3600 * 1000 + 1000);
    await expectRefused(tokens.accessToken);
    await expectRefused('not-a-token');
  });
});
