import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  authorizeAndGetCode,
  consentInBrowser,
  createListeningTestApp,
  openidClientRequest,
  pkcePair,
  registerTestPartnerApp,
  startAuthorization,
  type TestPartnerApp,
  tokenRequest,
} from '../../test/partner-harness';
import { createPartnerAppsService } from './partner-apps.service';

let t: TestApp;
let issuer: string;
let user: TestUser;
beforeAll(async () => {
  ({ t, baseUrl: issuer } = await createListeningTestApp());
  user = await createTestUser(t);
});
afterAll(async () => t?.close());

describe('PKCE: required for public apps, optional for confidential ones, never downgraded', () => {
  let confidential: TestPartnerApp;
  beforeAll(async () => {
    confidential = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  });

  it('a confidential app (authenticated by its secret) authorizes without PKCE', async () => {
    const { code, redirectUri } = await authorizeAndGetCode(user, confidential, ['user.metrics'], {
      pkce: false,
    });
    const res = await tokenRequest(t, confidential, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a code_challenge that was sent must be matched: no verifier, or a wrong one, is refused', async () => {
    for (const verifier of [undefined, pkcePair().codeVerifier]) {
      const { code, redirectUri } = await authorizeAndGetCode(user, confidential, ['user.metrics']);
      const res = await tokenRequest(t, confidential, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        ...(verifier ? { code_verifier: verifier } : {}),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid_grant');
    }
  });

  it('a public app must use PKCE, and cannot turn it off', async () => {
    const publicApp = await registerTestPartnerApp(t, {
      scopes: ['user.metrics'],
      public: true,
      redirectUris: ['https://phone.example.test/callback'],
    });
    const res = await startAuthorization(user, publicApp, { scope: 'user.metrics' });
    expect(res.statusCode).toBe(303);
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_request');
    await expect(
      createPartnerAppsService({ database: t.database, now: t.clock.now }).register({
        name: 'Phone',
        redirectUris: ['com.example.phone:/cb'],
        scopes: ['user.metrics'],
        public: true,
        pkceRequired: false,
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('a confidential app may require PKCE: then an authorization without it is refused', async () => {
    const strict = await registerTestPartnerApp(t, { scopes: ['user.metrics'], pkceRequired: true });
    const res = await startAuthorization(user, strict, { scope: 'user.metrics' });
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_request');
  });

  it('the developer page shows and changes the setting', async () => {
    const dev = await createTestUser(t);
    const created = await dev.client.post('/api/developer/apps', {
      name: 'Withings-style sync',
      redirectUris: ['https://sync.example.test/cb'],
      scopes: ['user.metrics'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ public: false, pkceRequired: false });
    const changed = await dev.client.patch(`/api/developer/apps/${created.json().clientId}`, {
      pkceRequired: true,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().pkceRequired).toBe(true);
  });
});

describe('SMART App Launch 2.2 tokens (openid-client)', () => {
  const smartScopes = [
    'openid',
    'fhirUser',
    'launch/patient',
    'patient/Observation.rs',
    'offline_access',
    'online_access',
  ];
  let app: TestPartnerApp;
  let config: oidc.Configuration;
  beforeAll(async () => {
    app = await registerTestPartnerApp(t, { scopes: smartScopes });
    config = await oidc.discovery(new URL(issuer), app.clientId, app.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  });

  async function connect(scope: string) {
    const { url, checks } = await openidClientRequest(config, app, scope);
    return oidc.authorizationCodeGrant(config, await consentInBrowser(user, url.href), checks);
  }

  it('offline_access is granted (no prompt=consent needed) and brings a refresh token', async () => {
    const tokens = await connect('openid fhirUser launch/patient patient/Observation.rs offline_access');
    expect(tokens.scope?.split(' ')).toContain('offline_access');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.patient).toBe(user.user.id);
    // fhirUser in the ID token: the Patient our FHIR API names the user by.
    expect(tokens.claims()?.fhirUser).toBe(`${issuer}/fhir/R4/Patient/${user.user.id}`);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.patient).toBe(user.user.id);
  });

  it('without offline_access or online_access, a SMART app gets no refresh token', async () => {
    const tokens = await connect('openid launch/patient patient/Observation.rs');
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.patient).toBe(user.user.id);
  });

  it('online_access brings a refresh token (bound to the session: expiresWithSession)', async () => {
    const tokens = await connect('launch/patient patient/Observation.rs online_access');
    expect(tokens.scope?.split(' ')).toContain('online_access');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).resolves.toBeDefined();
  });

  it('the SMART configuration announces online access and the introspection endpoint', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' });
    expect(res.json()).toMatchObject({
      introspection_endpoint: `${issuer}/oauth/token/introspection`,
      capabilities: expect.arrayContaining(['permission-offline', 'permission-online']),
      scopes_supported: expect.arrayContaining(['offline_access', 'online_access', 'fhirUser']),
    });
  });

  it('introspection (RFC 7662) for a confidential client; a public one is refused', async () => {
    const tokens = await connect('launch/patient patient/Observation.rs');
    const active = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({ active: true, client_id: app.clientId, sub: user.user.id });
    expect(active.scope?.split(' ').sort()).toEqual(['launch/patient', 'patient/Observation.rs']);
    expect((await oidc.tokenIntrospection(config, 'not-a-token')).active).toBe(false);

    const publicApp = await registerTestPartnerApp(t, {
      scopes: ['user.metrics'],
      public: true,
      redirectUris: ['https://reader.example.test/cb'],
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/token/introspection',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: tokens.access_token, client_id: publicApp.clientId }).toString(),
    });
    // A public client learns nothing about the token (oidc-provider's answer to a refused policy).
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ active: false });
  });
});
