import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  consentInBrowser,
  createListeningTestApp,
  openidClientRequest,
  pathOf,
  registerTestPartnerApp,
  type TestPartnerApp,
} from '../../test/partner-harness';

let t: TestApp;
let issuer: string;
beforeAll(async () => {
  ({ t, baseUrl: issuer } = await createListeningTestApp());
});
afterAll(async () => t?.close());

const SMART = 'openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs patient/Device.rs';

/** Issue #13: the consent screen lets the user untick data scopes; the token carries what was granted. */
describe('the user keeps some of the scopes an app asks for', () => {
  let app: TestPartnerApp;
  let user: TestUser;
  let config: oidc.Configuration;
  beforeAll(async () => {
    user = await createTestUser(t);
    app = await registerTestPartnerApp(t, { scopes: SMART.split(' ') });
    config = await oidc.discovery(new URL(issuer), app.clientId, app.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  });

  const request = (scope: string) => openidClientRequest(config, app, scope);

  /** The browser opens the authorization URL: the consent page's uid. */
  async function consentUid(url: URL) {
    const start = await user.client.get(pathOf(url.href));
    expect(start.statusCode).toBe(303);
    const consentPath = pathOf(start.headers.location as string);
    expect(consentPath).toMatch(/^\/oauth\/consent\//);
    return consentPath.split('/').pop();
  }

  it('grants only the data scopes kept: the token, the FHIR API and Connected apps agree', async () => {
    const { url, checks } = await request(SMART);
    const details = await user.client.get(`/api/oauth/interaction/${await consentUid(url)}`);
    const optional = details.json().scopes.filter((s: { optional: boolean }) => s.optional);
    expect(optional.map((s: { scope: string }) => s.scope)).toEqual([
      'patient/Patient.rs',
      'patient/Observation.rs',
      'patient/Device.rs',
    ]);

    const callback = await consentInBrowser(user, url.href, ['patient/Observation.rs']);
    const tokens = await oidc.authorizationCodeGrant(config, callback, checks);
    const granted = ['fhirUser', 'launch/patient', 'openid', 'patient/Observation.rs'];
    expect(tokens.scope?.split(' ').sort()).toEqual(granted);
    expect(tokens.patient).toBe(user.user.id);

    const fhir = user.client.bearer(tokens.access_token);
    expect((await fhir.get('/fhir/R4/Observation')).statusCode).toBe(200);
    expect((await fhir.get(`/fhir/R4/Patient/${user.user.id}`)).statusCode).toBe(403);
    expect((await fhir.get('/fhir/R4/Device')).statusCode).toBe(403);

    const apps = (await user.client.get('/api/connected-apps')).json().items;
    const connected = apps.find((a: { clientId: string }) => a.clientId === app.clientId);
    expect(connected.scopes.map((s: { scope: string }) => s.scope).sort()).toEqual(granted);
  });

  it('refuses (400) a kept scope the app did not ask for; the request can still be answered', async () => {
    const { url } = await request('openid patient/Observation.rs');
    const uid = await consentUid(url);
    const approve = (scopes: unknown) =>
      user.client.post(`/api/oauth/interaction/${uid}/approve`, { scopes });
    for (const scopes of [['patient/Device.rs'], ['patient/Observation.rs', 'no-such-scope'], 'openid']) {
      const res = await approve(scopes);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    // Nothing kept: only the required scope asked (openid) is granted.
    const approved = await approve([]);
    expect(approved.statusCode).toBe(200);
    const back = await user.client.get(pathOf(approved.json().redirectTo));
    expect(new URL(back.headers.location as string).searchParams.get('code')).toEqual(expect.any(String));
  });

  it('refuses (400) an Allow that keeps nothing: that is Deny', async () => {
    const { url } = await request('patient/Observation.rs patient/Device.rs');
    const res = await user.client.post(`/api/oauth/interaction/${await consentUid(url)}/approve`, {
      scopes: [],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
  });
});
