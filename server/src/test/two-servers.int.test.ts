import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app';
import {
  enrolTotp,
  SoftwareAuthenticator,
  totpCodeAt,
} from '../features/second-factor/second-factor.test-support';
import { createTestApp, createTestUser, type TestApp } from './harness';
import {
  pathOf,
  pkcePair,
  registerTestPartnerApp,
  startAuthorization,
  tokenRequest,
} from './partner-harness';

/**
 * Two app servers on one database (issue #19): every step of a flow may land on either server, as
 * behind a load balancer with no affinity. Each app has its own plugins, caches and memory; only the
 * database is shared, so a step that worked only on the server that began the flow fails here.
 * (Rate limits and the sign-in throttle: lib/shared-counters.int.test.ts.)
 */
let t: TestApp;
let b: App;
beforeAll(async () => {
  t = await createTestApp();
  b = await createApp({ config: t.config, database: t.database, now: t.clock.now, logger: false });
  await b.ready();
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('a flow begun on server A goes on on server B', () => {
  it('a session and its CSRF token: signed in on A, a write on B', async () => {
    const user = await createTestUser(t);
    const onB = user.client.through(b);
    const me = await onB.get('/api/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ email: user.user.email });
    const goal = await onB.put('/api/me/goals/steps', { value: 9000 });
    expect(goal.statusCode, goal.body).toBe(200);
  });

  it('sign-in: the password on A, the authenticator code on B', async () => {
    const user = await createTestUser(t);
    const { secret } = await enrolTotp(t, user);
    const browser = t.client();
    const password = await browser.post('/api/auth/login', {
      email: user.user.email,
      password: user.password,
    });
    expect(password.statusCode, password.body).toBe(200);
    expect(password.json()).toMatchObject({ status: 'second_factor_required' });
    const code = await browser
      .through(b)
      .post('/api/auth/second-factor/totp', { code: totpCodeAt(secret, t.clock.now()) });
    expect(code.statusCode, code.body).toBe(200);
    expect((await browser.get('/api/me')).statusCode).toBe(200);
  });

  it('a passkey: the WebAuthn challenge issued on A is answered on B', async () => {
    const user = await createTestUser(t);
    const authenticator = new SoftwareAuthenticator(new URL(t.config.publicUrl).origin);
    const options = await user.client.post('/api/me/passkeys/options');
    expect(options.statusCode, options.body).toBe(200);
    const res = await user.client.through(b).post('/api/me/passkeys', {
      name: 'Laptop',
      response: authenticator.register(options.json()),
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('OAuth: authorize on A, consent on B, back on A, the code exchanged on B, the token used on A', async () => {
    const user = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'] });
    const { codeVerifier, codeChallenge } = pkcePair();
    const start = await startAuthorization(user, app, { scope: 'user.info user.metrics', codeChallenge });
    expect(start.statusCode, start.body).toBe(303);
    const uid = pathOf(start.headers.location as string)
      .split('/')
      .pop();
    const approved = await user.client.through(b).post(`/api/oauth/interaction/${uid}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const back = await user.client.get(pathOf(approved.json().redirectTo));
    expect(back.statusCode).toBe(303);
    const code = new URL(back.headers.location as string).searchParams.get('code');
    expect(code).toBeTruthy();
    const token = await tokenRequest({ app: b }, app, {
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: app.redirectUri,
      code_verifier: codeVerifier,
    });
    expect(token.statusCode, token.body).toBe(200);
    const read = await t
      .client()
      .bearer(token.json().access_token)
      .post('/wbsapi/v2/user', { action: 'getdevice' });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ status: 0 });
  });
});
