import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import {
  connectPartner,
  registerTestPartnerApp,
  startAuthorization,
  tokenRequest,
} from '../../test/partner-harness';
import { createStaffMember } from '../operator/operator.test-support';
import { auditActions } from '../second-factor/second-factor.test-support';
import {
  deliveriesOf,
  runDueDeliveries,
  startReceiver,
  type Receiver,
} from '../webhooks/webhooks.test-support';
import { APP_DISABLED_MESSAGE } from './app-disable';

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  t = await createTestApp({ config: { webhooksAllowPrivateNetwork: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

const SCOPES = ['user.metrics', 'patient/Patient.rs', 'offline_access'];

/** A developer's app with a webhook, a user connected to it with real tokens. */
async function appInUse() {
  const developer = await createTestUser(t);
  const app = await registerTestPartnerApp(t, { scopes: SCOPES, owner: developer });
  const hook = await developer.client.put(`/api/developer/apps/${app.clientId}/webhook`, {
    url: `${receiver.url}/in`,
    events: ['measurements.changed'],
  });
  expect(hook.statusCode, hook.body).toBe(200);
  const user = await createTestUser(t);
  const tokens = await connectPartner(t, user, app, SCOPES);
  return { app, user, tokens };
}

const wbsapi = (token: string) =>
  t.app.inject({
    method: 'POST',
    url: '/wbsapi/v2/measure',
    headers: { authorization: `Bearer ${token}` },
    payload: { action: 'getmeas', meastypes: '1' },
  });
const fhir = (token: string, userId: string) =>
  t.app.inject({
    method: 'GET',
    url: `/fhir/R4/Patient/${userId}`,
    headers: { authorization: `Bearer ${token}` },
  });

describe('a partner app disabled by the operator (issue #16)', () => {
  it('refuses its tokens on every API and at /oauth, pauses its webhooks, keeps its users; enabling restores', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const { app, user, tokens } = await appInUse();
    expect((await wbsapi(tokens.accessToken)).json().status).toBe(0);
    expect((await fhir(tokens.accessToken, user.user.id)).statusCode).toBe(200);

    const disabled = await admin.client.post(`/api/admin/partner-apps/${app.clientId}/disable`, {
      reason: 'Security review',
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().disabled).toMatchObject({ reason: 'Security review' });
    expect(await auditActions(t, admin.user.id)).toContain('staff_partner_app_disabled');

    // The Withings-style API and FHIR: 401 with the reason in words.
    const w = await wbsapi(tokens.accessToken);
    expect(w.json()).toMatchObject({ status: 401, error: `app_disabled: ${APP_DISABLED_MESSAGE}` });
    const f = await fhir(tokens.accessToken, user.user.id);
    expect(f.statusCode).toBe(401);
    expect(f.body).toContain(APP_DISABLED_MESSAGE);
    // The token endpoint: a refresh is refused, with why, and the refresh token is not spent.
    const refresh = await tokenRequest(t, app, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
    });
    expect(refresh.statusCode).toBe(401);
    expect(refresh.json()).toEqual({ error: 'invalid_client', error_description: APP_DISABLED_MESSAGE });
    // The Withings-style token endpoint says so too.
    const withings = await t.app.inject({
      method: 'POST',
      url: '/wbsapi/v2/oauth2',
      payload: {
        action: 'requesttoken',
        grant_type: 'refresh_token',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        refresh_token: tokens.refreshToken,
      },
    });
    expect(withings.json()).toMatchObject({
      status: 503,
      error: `Invalid Params: app_disabled: ${APP_DISABLED_MESSAGE}`,
    });
    // Authorize: the page says the app is disabled.
    const authorize = await startAuthorization(user, app, { scope: 'user.metrics' });
    expect(authorize.statusCode).toBe(400);
    expect(authorize.body).toContain(APP_DISABLED_MESSAGE);

    // New data: the webhook waits (no attempt spent), nothing is sent.
    const reading = await user.client.post('/api/health-data/readings', {
      takenAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
      measures: [{ metric: 'weight', value: 70, unit: 'kg' }],
    });
    expect(reading.statusCode).toBe(201);
    expect(await runDueDeliveries(t)).toEqual(['paused']);
    const [waiting] = await deliveriesOf(t, user.user.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(receiver.calls).toHaveLength(0);

    // The user's privacy center: the connection is kept, marked disabled by the operator.
    const connected = (await user.client.get('/api/connected-apps')).json().items;
    expect(connected).toEqual([
      expect.objectContaining({
        clientId: app.clientId,
        disabledByOperator: expect.objectContaining({ reason: 'Security review' }),
      }),
    ]);

    // Enabled again: the same tokens work, the waiting delivery goes out.
    const enabled = await admin.client.post(`/api/admin/partner-apps/${app.clientId}/enable`, {});
    expect(enabled.statusCode, enabled.body).toBe(200);
    expect(enabled.json().disabled).toBeNull();
    expect(await auditActions(t, admin.user.id)).toContain('staff_partner_app_enabled');
    expect((await wbsapi(tokens.accessToken)).json().status).toBe(0);
    expect((await fhir(tokens.accessToken, user.user.id)).statusCode).toBe(200);
    const refreshed = await tokenRequest(t, app, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    t.clock.advance(11 * 60_000);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect(receiver.calls).toHaveLength(1);
    expect((await user.client.get('/api/connected-apps')).json().items[0].disabledByOperator).toBeNull();
  });

  it('refuses its token at /oauth/me (userinfo) with 401 app_disabled, as every other use of it', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const app = await registerTestPartnerApp(t, { scopes: ['openid', 'user.info'] });
    const user = await createTestUser(t);
    const tokens = await connectPartner(t, user, app, ['openid', 'user.info']);
    const userinfo = () =>
      t.app.inject({
        method: 'GET',
        url: '/oauth/me',
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
    const before = await userinfo();
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ sub: user.user.id });

    const url = `/api/admin/partner-apps/${app.clientId}`;
    expect((await admin.client.post(`${url}/disable`, { reason: 'Security review' })).statusCode).toBe(200);
    const refused = await userinfo();
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: 'app_disabled', error_description: APP_DISABLED_MESSAGE });
    expect(refused.headers['www-authenticate']).toContain(
      `error="invalid_token", error_description="${APP_DISABLED_MESSAGE}"`,
    );
    expect(refused.body).not.toContain(user.user.id);

    expect((await admin.client.post(`${url}/enable`, {})).statusCode).toBe(200);
    expect((await userinfo()).statusCode).toBe(200);
  });

  it('tells the user in their language (en/fr) at /oauth/auth, and on a consent page opened before', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const { app, user } = await appInUse();
    // A consent page opened before the disable: its request (and its answer) is refused, saying why.
    const start = await startAuthorization(user, app, { scope: 'user.metrics' });
    expect(start.statusCode, start.body).toBe(303);
    const uid = String(start.headers.location).split('/').pop();
    expect((await user.client.get(`/api/oauth/interaction/${uid}`)).statusCode).toBe(200);
    const url = `/api/admin/partner-apps/${app.clientId}`;
    expect((await admin.client.post(`${url}/disable`, { reason: 'Security review' })).statusCode).toBe(200);
    for (const res of [
      await user.client.get(`/api/oauth/interaction/${uid}`),
      await user.client.post(`/api/oauth/interaction/${uid}/approve`),
    ]) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'app_disabled', message: APP_DISABLED_MESSAGE });
    }

    // The authorization page: in the signed-in user's language (authorization-language.int.test.ts),
    // else, in a browser nobody is signed in to, French for a French browser, else English.
    const page = async (acceptLanguage?: string, browser = t.client()) => {
      const query = new URLSearchParams({
        client_id: app.clientId,
        response_type: 'code',
        redirect_uri: app.redirectUri,
        scope: 'user.metrics',
      });
      const headers = acceptLanguage ? { 'accept-language': acceptLanguage } : {};
      const res = await browser.get(`/oauth/auth?${query}`, { headers });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      return res.body;
    };
    const french = await page('fr-FR,fr;q=0.9,en;q=0.8');
    expect(french).toContain('<html lang="fr">');
    expect(french).toContain('Cette application a été désactivée par l’opérateur de ce service.');
    expect(french).not.toContain(APP_DISABLED_MESSAGE);
    const signedIn = await page('fr-FR,fr;q=0.9', user.client);
    for (const english of [
      signedIn,
      await page('en-GB,en;q=0.9'),
      await page('de-DE,de;q=0.9'),
      await page(),
    ]) {
      expect(english).toContain('<html lang="en">');
      expect(english).toContain(APP_DISABLED_MESSAGE);
    }
    // Another error of an app's request: its frame in French too, the technical detail as it is.
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/oauth/auth?client_id=nope&response_type=code&scope=user.metrics',
      headers: { 'accept-language': 'fr' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('<html lang="fr">');
    expect(unknown.body).toContain('invalid_client');
  });

  it('refuses bad input, an unknown app, and anyone but an operator admin', async () => {
    const admin = await createStaffMember(t, ['operator_admin']);
    const { app } = await appInUse();
    const url = `/api/admin/partner-apps/${app.clientId}/disable`;
    for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 'ok reason', other: 1 }]) {
      const res = await admin.client.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(
      (await admin.client.post('/api/admin/partner-apps/nope/disable', { reason: 'Security' })).statusCode,
    ).toBe(404);
    expect((await admin.client.post('/api/admin/partner-apps/nope/enable', {})).statusCode).toBe(404);
    const support = await createStaffMember(t, ['support']);
    expect((await support.client.post(url, { reason: 'Security' })).statusCode).toBe(403);
    expect((await t.client().post(url, { reason: 'Security' })).statusCode).toBe(401);
  });
});
