import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  connectPartner,
  type PartnerTokens,
  registerTestPartnerApp,
  type TestPartnerApp,
} from '../../test/partner-harness';

/**
 * SMART's online_access, asked by a Withings-style app (docs/api-partners.md): its refresh token is
 * bound to the Vitalbase session that approved the app, and stops working when that session ends;
 * a connection without it lasts until the user disconnects the app.
 */
let t: TestApp;
let user: TestUser;
let online: TestPartnerApp;
let offline: TestPartnerApp;

beforeAll(async () => {
  t = await createTestApp();
  online = await registerTestPartnerApp(t, { scopes: ['user.metrics', 'online_access'] });
  offline = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
});
afterAll(() => t?.close());

/** `requesttoken` with `grant_type=refresh_token`, as Withings clients refresh. */
async function refresh(app: TestPartnerApp, refreshToken: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/wbsapi/v2/oauth2',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      action: 'requesttoken',
      grant_type: 'refresh_token',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      refresh_token: refreshToken,
    }).toString(),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { status: number; body: { refresh_token?: string; scope?: string }; error?: string };
}

describe('online_access: a refresh token bound to the session that approved the app', () => {
  let onlineTokens: PartnerTokens;
  let offlineTokens: PartnerTokens;
  beforeAll(async () => {
    user = await createTestUser(t);
    onlineTokens = await connectPartner(t, user, online, ['user.metrics', 'online_access']);
    offlineTokens = await connectPartner(t, user, offline, ['user.metrics']);
  });

  it('keeps working while that session lasts, past the OAuth server’s short login step', async () => {
    t.clock.advance(2 * 3600_000);
    const next = await refresh(online, onlineTokens.refreshToken);
    expect(next.error).toBeUndefined();
    expect(next.status).toBe(0);
    expect(next.body.scope?.split(',')).toContain('online_access');
    onlineTokens = { ...onlineTokens, refreshToken: next.body.refresh_token as string };
  });

  it('stops working when the user signs out of that session; a connection without it goes on', async () => {
    const out = await user.client.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    const refused = await refresh(online, onlineTokens.refreshToken);
    expect(refused).toMatchObject({ status: 503, error: expect.stringContaining('invalid_grant') });
    // Still refused on a second try: the grant's tokens are gone, not merely this answer.
    expect((await refresh(online, onlineTokens.refreshToken)).status).toBe(503);
    const still = await refresh(offline, offlineTokens.refreshToken);
    expect(still.status).toBe(0);
  });
});

describe('online_access: a session that expires or is ended from another browser', () => {
  it('stops working once the session has expired (idle)', async () => {
    const u = await createTestUser(t);
    const tokens = await connectPartner(t, u, online, ['user.metrics', 'online_access']);
    t.clock.advance(31 * 24 * 3600_000);
    expect(await refresh(online, tokens.refreshToken)).toMatchObject({
      status: 503,
      error: expect.stringContaining('invalid_grant'),
    });
  });
});
