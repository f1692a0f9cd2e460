import { AuthorizationCode } from 'simple-oauth2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  consentInBrowser,
  createListeningTestApp,
  registerTestPartnerApp,
  type TestPartnerApp,
} from '../../test/partner-harness';
import { createHealthDataIngest } from '../health-data';

/**
 * An unmodified OAuth client library (simple-oauth2) set up as Withings' developer guide says — the
 * authorization page /oauth2_user/authorize2, the token service /v2/oauth2 with action=requesttoken,
 * client credentials in the form body, comma-separated scopes, no PKCE — with only the base URL
 * changed, over real HTTP.
 */
let t: TestApp;
let base: string;
let user: TestUser;
let partner: TestPartnerApp;

const withingsClient = (secret = partner.clientSecret) =>
  new AuthorizationCode({
    client: { id: partner.clientId, secret },
    auth: {
      // Withings' host is wbsapi.withings.net with /v2/oauth2; ours serves that API under /wbsapi (the
      // library resolves an absolute path against the host, so the prefix goes in the path).
      tokenHost: base,
      tokenPath: '/wbsapi/v2/oauth2',
      authorizeHost: base,
      authorizePath: '/oauth2_user/authorize2',
    },
    options: { authorizationMethod: 'body' },
  });

/** The user's browser: the authorization page (and its redirect), consent, back to the app's code. */
async function browse(authorizeUrl: string): Promise<string> {
  const callback = await consentInBrowser(user, authorizeUrl);
  expect(callback.href.startsWith(partner.redirectUri)).toBe(true);
  return callback.searchParams.get('code') ?? '';
}

beforeAll(async () => {
  ({ t, baseUrl: base } = await createListeningTestApp());
  user = await createTestUser(t);
  // A confidential app as a developer registers it: PKCE is not required by default.
  partner = await registerTestPartnerApp(t, { scopes: ['user.info', 'user.metrics'] });
  await createHealthDataIngest(t.app.ctx).ingest(user.user.id, { source: 'manual' }, [
    {
      kind: 'reading',
      takenAt: '2026-01-01T07:00:00Z',
      measures: [{ metric: 'weight', value: 71.5, unit: 'kg' }],
    },
  ] as never);
});
afterAll(async () => t?.close());

describe('a Withings client (simple-oauth2 as Withings documents it) works by changing the base URL', () => {
  it('authorizes without PKCE, gets tokens, refreshes through requesttoken and reads getmeas', async () => {
    const client = withingsClient();
    const url = client.authorizeURL({
      redirect_uri: partner.redirectUri,
      scope: 'user.info,user.metrics',
      state: 'withings-state',
    });
    const code = await browse(url);
    const first = await client.getToken({
      code,
      redirect_uri: partner.redirectUri,
      action: 'requesttoken',
    } as never);
    const answer = first.token as { status: number; body: Record<string, unknown> };
    expect(answer.status).toBe(0);
    // Withings' userid: digits a client parses as an integer (8 or 9 of them, not a sequence).
    expect(answer.body.userid).toMatch(/^[1-9]\d{7,8}$/);
    expect(Number.isSafeInteger(Number(answer.body.userid))).toBe(true);
    expect(String(answer.body.scope).split(',').sort()).toEqual(['user.info', 'user.metrics']);
    expect(answer.body.refresh_token).toEqual(expect.any(String));

    // What Withings' guide does next: the body is the token; refreshing is requesttoken again.
    const refreshed = await client
      .createToken(answer.body as never)
      .refresh({ action: 'requesttoken' } as never);
    const again = refreshed.token as { status: number; body: Record<string, unknown> };
    expect(again.status).toBe(0);
    expect(again.body.access_token).not.toBe(answer.body.access_token);
    expect(again.body.userid).toBe(answer.body.userid);
    expect(again.body.scope).toBe(answer.body.scope);

    const res = await fetch(
      `${base}/wbsapi/measure?${new URLSearchParams({ action: 'getmeas', userid: String(again.body.userid) })}`,
      { headers: { authorization: `Bearer ${again.body.access_token}` } },
    );
    const meas = (await res.json()) as { status: number; body: { measuregrps: unknown[] } };
    expect(meas.status).toBe(0);
    expect(meas.body.measuregrps).toHaveLength(1);
  });

  it('gives the same userid on every connection of the user, another to another user', async () => {
    const ids: string[] = [];
    for (const who of [user, user, await createTestUser(t)]) {
      user = who;
      const client = withingsClient();
      const code = await browse(
        client.authorizeURL({ redirect_uri: partner.redirectUri, scope: 'user.metrics', state: 's' }),
      );
      const { token } = await client.getToken({
        code,
        redirect_uri: partner.redirectUri,
        action: 'requesttoken',
      } as never);
      ids.push(String((token as { body: { userid: string } }).body.userid));
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('answers a wrong client secret with the original status and words', async () => {
    const client = withingsClient('not-the-secret');
    const refreshed = await client
      .createToken({ access_token: 'x', refresh_token: 'not-a-refresh-token' })
      .refresh({ action: 'requesttoken' } as never);
    expect(refreshed.token).toEqual({
      status: 503,
      body: {},
      error: 'Invalid Params: invalid client id/secret',
    });
  });
});
