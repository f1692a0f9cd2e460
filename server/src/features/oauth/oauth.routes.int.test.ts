import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  connectPartner,
  pathOf,
  pkcePair,
  registerTestPartnerApp,
  startAuthorization,
  type TestPartnerApp,
} from '../../test/partner-harness';
import { createAccessLogRepo } from '../access-log';
import { authenticatePartnerToken, listActiveConnections, readAsPartner } from './partner-auth';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const expectError = (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
};

/** An authorization waiting on the consent page: its uid. */
async function pendingConsent(user: TestUser, app: TestPartnerApp, scope: string): Promise<string> {
  const res = await startAuthorization(user, app, { scope, codeChallenge: pkcePair().codeChallenge });
  expect(res.statusCode).toBe(303);
  const path = pathOf(res.headers.location as string);
  expect(path).toMatch(/^\/oauth\/consent\/[A-Za-z0-9_-]+$/);
  return path.split('/').pop() as string;
}

describe('consent screen API', () => {
  let app: TestPartnerApp;
  beforeAll(async () => {
    app = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'], name: 'Scale Companion' });
  });

  it('shows the app, where it sends you back, and each scope in plain words (in your language)', async () => {
    const user = await createTestUser(t, { locale: 'fr' });
    // A scope the app was not registered for: refused before any consent screen.
    const outside = await startAuthorization(user, app, {
      scope: 'user.metrics user.activity',
      codeChallenge: pkcePair().codeChallenge,
    });
    expect(new URL(outside.headers.location as string).searchParams.get('error')).toBe('invalid_scope');
    const uid = await pendingConsent(user, app, 'user.metrics');
    const res = await user.client.get(`/api/oauth/interaction/${uid}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      uid,
      prompt: 'consent',
      client: { clientId: app.clientId, name: 'Scale Companion', logoUri: null },
      redirectHost: new URL(app.redirectUri).host,
      scopes: [
        {
          scope: 'user.metrics',
          title: 'Vos mesures',
          description: expect.stringContaining('Poids'),
          optional: true,
        },
      ],
    });
  });

  it('deny sends the app access_denied, and no connection is made', async () => {
    const user = await createTestUser(t);
    const uid = await pendingConsent(user, app, 'user.info');
    const denied = await user.client.post(`/api/oauth/interaction/${uid}/deny`);
    expect(denied.statusCode).toBe(200);
    const back = await user.client.get(pathOf(denied.json().redirectTo));
    expect(back.statusCode).toBe(303);
    const location = new URL(back.headers.location as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('code')).toBeNull();
    expect(await listActiveConnections(t.database.db, user.user.id)).toEqual([]);
  });

  it('a consent link opened in another browser cannot be read or answered there (403, saying why)', async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const uid = await pendingConsent(owner, app, 'user.info');
    expect((await owner.client.get(`/api/oauth/interaction/${uid}`)).statusCode).toBe(200);
    expectError(await other.client.get(`/api/oauth/interaction/${uid}`), 403, 'authorization_other_browser');
    expectError(
      await other.client.post(`/api/oauth/interaction/${uid}/approve`),
      403,
      'authorization_other_browser',
    );
    expect(await listActiveConnections(t.database.db, other.user.id)).toEqual([]);
  });

  it("another browser's Deny changes nothing: the browser that started still answers, and its app hears it", async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const uid = await pendingConsent(owner, app, 'user.info');
    expectError(
      await other.client.post(`/api/oauth/interaction/${uid}/deny`),
      403,
      'authorization_other_browser',
    );
    expect((await owner.client.get(`/api/oauth/interaction/${uid}`)).statusCode).toBe(200);
    const denied = await owner.client.post(`/api/oauth/interaction/${uid}/deny`);
    expect(denied.statusCode).toBe(200);
    const back = await owner.client.get(pathOf(denied.json().redirectTo));
    expect(new URL(back.headers.location as string).searchParams.get('error')).toBe('access_denied');
  });

  it('in the browser that started it, only the account that opened it may answer', async () => {
    const first = await createTestUser(t);
    const second = await createTestUser(t);
    const uid = await pendingConsent(first, app, 'user.info');
    expect((await first.client.get(`/api/oauth/interaction/${uid}`)).statusCode).toBe(200);
    // The same browser signs out, and someone else signs in there.
    const browser = first.client;
    expect((await browser.post('/api/auth/logout')).statusCode).toBe(204);
    const signIn = await browser.post('/api/auth/login', {
      email: second.user.email,
      password: second.password,
    });
    expect(signIn.statusCode).toBe(200);
    expectError(await browser.get(`/api/oauth/interaction/${uid}`), 403, 'authorization_other_account');
    expectError(
      await browser.post(`/api/oauth/interaction/${uid}/approve`),
      403,
      'authorization_other_account',
    );
    expect(await listActiveConnections(t.database.db, second.user.id)).toEqual([]);
  });

  it('bad input: unknown or malformed uid, no session', async () => {
    const user = await createTestUser(t);
    expectError(await user.client.get('/api/oauth/interaction/unknownuid123'), 404, 'not_found');
    expectError(await user.client.get(`/api/oauth/interaction/${'x'.repeat(101)}`), 400, 'invalid_input');
    expectError(await user.client.post('/api/oauth/interaction/bad%20uid/approve'), 400, 'invalid_input');
    expectError(await t.client().get('/api/oauth/interaction/whatever'), 401, 'unauthorized');
  });
});

describe('connected apps', () => {
  it('lists the app with its scopes and last read; Disconnect makes the next call fail at once', async () => {
    const user = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'], name: 'Coach' });
    const tokens = await connectPartner(t, user, app, ['user.metrics']);
    const principal = await authenticatePartnerToken(t.app.ctx, tokens.accessToken);
    await readAsPartner(
      t.app.ctx,
      principal,
      { requiredScope: 'user.metrics', purpose: 'Coaching', what: ['readings:weight'] },
      async () => 1,
    );

    expect(await createAccessLogRepo(t.database.db).list(user.user.id, { limit: 10 })).toEqual([
      expect.objectContaining({
        actorType: 'partner',
        actorId: app.clientId,
        actorName: 'Coach',
        what: ['readings:weight'],
      }),
    ]);
    const list = await user.client.get('/api/connected-apps');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      {
        clientId: app.clientId,
        name: 'Coach',
        logoUri: null,
        scopes: [{ scope: 'user.metrics', title: 'Your measurements' }],
        connectedAt: expect.any(String),
        lastReadAt: expect.any(String),
        disabledByOperator: null,
      },
    ]);

    expect((await user.client.delete(`/api/connected-apps/${app.clientId}`)).statusCode).toBe(204);
    await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).rejects.toMatchObject({
      code: 'invalid_token',
    });
    // A principal resolved just before Disconnect cannot read either: the access point re-checks.
    await expect(
      readAsPartner(
        t.app.ctx,
        principal,
        { requiredScope: 'user.metrics', purpose: 'Coaching', what: ['x'] },
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: 'invalid_token' });
    expect((await user.client.get('/api/connected-apps')).json().items).toEqual([]);
    expectError(await user.client.delete(`/api/connected-apps/${app.clientId}`), 404, 'not_found');
  });

  it('a token without the scope gets Forbidden, and nothing is recorded', async () => {
    const user = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'] });
    const tokens = await connectPartner(t, user, app, ['user.info']);
    const principal = await authenticatePartnerToken(t.app.ctx, tokens.accessToken);
    let read = false;
    await expect(
      readAsPartner(
        t.app.ctx,
        principal,
        { requiredScope: 'user.metrics', purpose: 'Measures', what: ['readings:weight'] },
        async () => {
          read = true;
        },
      ),
    ).rejects.toMatchObject({ statusCode: 403, code: 'insufficient_scope' });
    expect(read).toBe(false);
    expect(await createAccessLogRepo(t.database.db).list(user.user.id, { limit: 10 })).toEqual([]);
  });

  it("another user's connection cannot be listed or deleted (404)", async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
    const tokens = await connectPartner(t, owner, app, ['user.metrics']);
    expect((await other.client.get('/api/connected-apps')).json().items).toEqual([]);
    expectError(await other.client.delete(`/api/connected-apps/${app.clientId}`), 404, 'not_found');
    await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).resolves.toMatchObject({
      userId: owner.user.id,
    });
  });

  it('bad input: malformed client id, no session, a token instead of a session', async () => {
    const user = await createTestUser(t);
    expectError(await user.client.delete(`/api/connected-apps/${'a'.repeat(101)}`), 400, 'invalid_input');
    expectError(await user.client.delete('/api/connected-apps/a.b'), 400, 'invalid_input');
    expectError(await t.client().get('/api/connected-apps'), 401, 'unauthorized');
  });
});

describe('developer apps', () => {
  const body = {
    name: 'My Health Dashboard',
    redirectUris: ['https://dash.example.test/callback'],
    scopes: ['user.metrics', 'user.activity'],
  };

  it('register (secret shown once), list, read, change, rotate the secret, delete', async () => {
    const dev = await createTestUser(t);
    const created = await dev.client.post('/api/developer/apps', body);
    expect(created.statusCode).toBe(201);
    const app = created.json();
    expect(app).toMatchObject({ ...body, public: false, logoUri: null, clientSecret: expect.any(String) });

    const list = await dev.client.get('/api/developer/apps');
    expect(list.json().items).toEqual([expect.objectContaining({ clientId: app.clientId, name: body.name })]);
    expect(list.json().items[0].clientSecret).toBeUndefined();
    expect((await dev.client.get(`/api/developer/apps/${app.clientId}`)).json()).toMatchObject(body);

    const patched = await dev.client.patch(`/api/developer/apps/${app.clientId}`, {
      name: 'Dashboard',
      logoUri: 'https://dash.example.test/logo.png',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Dashboard',
      logoUri: 'https://dash.example.test/logo.png',
    });

    // The rotated secret works at the token endpoint, the old one no longer does.
    const rotated = await dev.client.post(`/api/developer/apps/${app.clientId}/secret`);
    expect(rotated.statusCode).toBe(200);
    const user = await createTestUser(t);
    const partner = {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: body.redirectUris[0] as string,
      name: 'x',
    };
    await expect(connectPartner(t, user, partner, ['user.metrics'])).rejects.toThrow(/401/);
    const tokens = await connectPartner(t, user, { ...partner, clientSecret: rotated.json().clientSecret }, [
      'user.metrics',
    ]);

    expect((await dev.client.delete(`/api/developer/apps/${app.clientId}`)).statusCode).toBe(204);
    expectError(await dev.client.get(`/api/developer/apps/${app.clientId}`), 404, 'not_found');
    await expect(authenticatePartnerToken(t.app.ctx, tokens.accessToken)).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('a public app has no secret and cannot rotate one', async () => {
    const dev = await createTestUser(t);
    const created = await dev.client.post('/api/developer/apps', { ...body, public: true });
    expect(created.json()).toMatchObject({ public: true, clientSecret: null });
    expectError(
      await dev.client.post(`/api/developer/apps/${created.json().clientId}/secret`),
      409,
      'public_client',
    );
    const user = await createTestUser(t);
    const tokens = await connectPartner(
      t,
      user,
      {
        clientId: created.json().clientId,
        clientSecret: '',
        redirectUri: body.redirectUris[0] as string,
        name: 'x',
      },
      ['user.activity'],
    );
    expect(tokens.accessToken).toEqual(expect.any(String));
  });

  it("another user's apps are 404 for every route", async () => {
    const dev = await createTestUser(t);
    const other = await createTestUser(t);
    const { clientId } = (await dev.client.post('/api/developer/apps', body)).json();
    expect((await other.client.get('/api/developer/apps')).json().items).toEqual([]);
    expectError(await other.client.get(`/api/developer/apps/${clientId}`), 404, 'not_found');
    expectError(
      await other.client.patch(`/api/developer/apps/${clientId}`, { name: 'Mine' }),
      404,
      'not_found',
    );
    expectError(await other.client.post(`/api/developer/apps/${clientId}/secret`), 404, 'not_found');
    expectError(await other.client.delete(`/api/developer/apps/${clientId}`), 404, 'not_found');
    expect((await dev.client.get(`/api/developer/apps/${clientId}`)).json().name).toBe(body.name);
  });

  it('bad input is refused with the error format and nothing is stored', async () => {
    const dev = await createTestUser(t);
    const bad: unknown[] = [
      {},
      { ...body, name: '' },
      { ...body, redirectUris: [] },
      { ...body, redirectUris: ['http://evil.example.test/cb'] },
      { ...body, redirectUris: ['https://dash.example.test/cb#frag'] },
      { ...body, redirectUris: ['not a url'] },
      { ...body, redirectUris: ['https://a.test/cb', 'https://a.test/cb'] },
      { ...body, scopes: [] },
      { ...body, scopes: ['admin'] },
      { ...body, logoUri: 'javascript:alert(1)' },
      { ...body, public: 'yes' },
      { ...body, extra: 1 },
    ];
    for (const payload of bad)
      expectError(await dev.client.post('/api/developer/apps', payload), 400, 'invalid_input');
    expect((await dev.client.get('/api/developer/apps')).json().items).toEqual([]);

    const { clientId } = (await dev.client.post('/api/developer/apps', body)).json();
    expectError(
      await dev.client.patch(`/api/developer/apps/${clientId}`, { scopes: ['nope'] }),
      400,
      'invalid_input',
    );
    expectError(
      await dev.client.patch(`/api/developer/apps/${clientId}`, { public: true }),
      400,
      'invalid_input',
    );
    expectError(await dev.client.get('/api/developer/apps/bad.id'), 400, 'invalid_input');
    expectError(await t.client().get('/api/developer/apps'), 401, 'unauthorized');
    expect((await dev.client.get(`/api/developer/apps/${clientId}`)).json().scopes).toEqual(body.scopes);
  });
});
