import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import {
  authorizeAndGetCode,
  connectPartner,
  type PartnerTokens,
  registerTestPartnerApp,
  type TestPartnerApp,
} from '../../test/partner-harness';
import { createHealthDataIngest } from '../health-data';
import { GETMEAS_PAGE_SIZE } from './getmeas.service';
import { withingsIdOf } from './withings-values';

const ALL = ['user.info', 'user.metrics', 'user.activity', 'user.sleepevents'];

let t: TestApp;
let alice: TestUser;
let partner: TestPartnerApp;
let aliceTokens: PartnerTokens;
let aliceGroups: number[];

beforeAll(async () => {
  t = await createTestApp();
  alice = await createTestUser(t, { timeZone: 'Europe/Paris' });
  partner = await registerTestPartnerApp(t, { scopes: ALL });
  aliceTokens = await connectPartner(t, alice, partner, ALL);
  // More groups than one page, so pagination crosses pages over HTTP.
  const items = Array.from({ length: GETMEAS_PAGE_SIZE + 7 }, (_, i) => ({
    kind: 'reading',
    takenAt: new Date(Date.parse('2026-01-01T07:00:00Z') + i * 3_600_000).toISOString(),
    measures: [{ metric: 'weight', value: 70 + (i % 50) / 10, unit: 'kg' }],
  }));
  items.push({
    kind: 'reading',
    takenAt: '2026-02-01T08:00:00Z',
    measures: [
      { metric: 'systolic_bp', value: 128, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: 79, unit: 'mmHg' },
    ],
  } as never);
  const { results } = await createHealthDataIngest(t.app.ctx).ingest(
    alice.user.id,
    { source: 'manual' },
    items,
  );
  expect(results.every((r) => r.status === 'stored')).toBe(true);
  aliceGroups = results.map((r) => withingsIdOf(r.ref!));
});
afterAll(() => t?.close());

type Style = 'query' | 'form' | 'json';

/** One Withings-style call in one of the three styles real clients use. */
async function call(
  path: string,
  params: Record<string, string>,
  token: string | undefined,
  style: Style = 'form',
) {
  const bearer: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (style === 'query') {
    const res = await t.app.inject({
      method: 'GET',
      url: `${path}?${new URLSearchParams(params)}`,
      headers: bearer,
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  if (style === 'form') {
    // The token as a parameter, as some clients do.
    const form = new URLSearchParams({ ...params, ...(token ? { access_token: token } : {}) });
    const res = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  const res = await t.app.inject({ method: 'POST', url: path, headers: bearer, payload: params });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('/wbsapi parameter styles', () => {
  it('query string, form body and JSON body return identical bodies', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      [
        '/wbsapi/measure',
        { action: 'getmeas', meastype: '1', startdate: '1767250800', enddate: '1767600000' },
      ],
      ['/wbsapi/v2/measure', { action: 'getmeas', meastypes: '9,10', category: '1' }],
      ['/wbsapi/v2/measure', { action: 'getactivity', startdateymd: '2026-01-01', enddateymd: '2026-01-31' }],
      ['/wbsapi/v2/sleep', { action: 'getsummary', lastupdate: '0' }],
      ['/wbsapi/v2/user', { action: 'getgoals' }],
    ];
    for (const [path, params] of cases) {
      const answers = [];
      for (const style of ['query', 'form', 'json'] as const) {
        const a = await call(path, params, aliceTokens.accessToken, style);
        expect(a.status).toBe(0);
        if (a.body.updatetime !== undefined) {
          expect(Math.abs(a.body.updatetime - Date.now() / 1000)).toBeLessThan(60);
          delete a.body.updatetime;
        }
        answers.push(a);
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    }
    const bp = await call(
      '/wbsapi/v2/measure',
      { action: 'getmeas', meastypes: '9,10' },
      aliceTokens.accessToken,
    );
    expect(bp.body.measuregrps).toHaveLength(1);
    expect(bp.body.measuregrps[0].measures).toEqual([
      { type: 9, value: 79, unit: 0 },
      { type: 10, value: 128, unit: 0 },
    ]);
  });

  it('pages getmeas with offset/more, each group exactly once, newest first', async () => {
    const seen: number[] = [];
    let offset = 0;
    for (let page = 0; page < 10; page++) {
      const a = await call(
        '/wbsapi/measure',
        { action: 'getmeas', offset: String(offset) },
        aliceTokens.accessToken,
      );
      expect(a.status).toBe(0);
      seen.push(...a.body.measuregrps.map((g: { grpid: number }) => g.grpid));
      if (!a.body.more) break;
      expect(a.body.more).toBe(1);
      offset = a.body.offset;
    }
    expect(seen).toHaveLength(aliceGroups.length);
    expect(new Set(seen)).toEqual(new Set(aliceGroups));
  });

  it("records the read in the user's access log, as the partner app", async () => {
    await call('/wbsapi/measure', { action: 'getmeas', meastype: '1' }, aliceTokens.accessToken);
    const res = await alice.client.get('/api/me/access-log');
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json())).toContain(partner.name);
  });
});

describe('/wbsapi access rules', () => {
  it('a token without user.metrics gets no measures, but its own scope works', async () => {
    const activityOnly = await registerTestPartnerApp(t, { scopes: ['user.activity'] });
    const tokens = await connectPartner(t, alice, activityOnly, ['user.activity']);
    for (const style of ['query', 'form', 'json'] as const) {
      const a = await call('/wbsapi/measure', { action: 'getmeas' }, tokens.accessToken, style);
      expect(a).toEqual({ status: 401, body: {}, error: expect.stringContaining('insufficient_scope') });
    }
    const heart = await call('/wbsapi/v2/heart', { action: 'list' }, tokens.accessToken);
    expect(heart.status).toBe(401);
    const act = await call(
      '/wbsapi/v2/measure',
      { action: 'getactivity', lastupdate: '0' },
      tokens.accessToken,
    );
    expect(act.status).toBe(0);
  });

  it("another user's token never reaches this user's data, whatever userid is sent", async () => {
    const bob = await createTestUser(t);
    const bobTokens = await connectPartner(t, bob, partner, ALL);
    const a = await call(
      '/wbsapi/measure',
      { action: 'getmeas', userid: alice.user.id },
      bobTokens.accessToken,
    );
    expect(a.status).toBe(0);
    expect(a.body.measuregrps).toEqual([]);
    const goals = await call(
      '/wbsapi/v2/user',
      { action: 'getdevice', userid: alice.user.id },
      bobTokens.accessToken,
      'json',
    );
    expect(goals).toEqual({ status: 0, body: { devices: [] } });
  });

  it('after Disconnect the next call fails at once', async () => {
    const carol = await createTestUser(t);
    const tokens = await connectPartner(t, carol, partner, ALL);
    expect((await call('/wbsapi/v2/user', { action: 'getgoals' }, tokens.accessToken)).status).toBe(0);
    const res = await carol.client.delete(`/api/connected-apps/${encodeURIComponent(partner.clientId)}`);
    expect(res.statusCode).toBe(204);
    for (const style of ['query', 'form', 'json'] as const) {
      const a = await call('/wbsapi/v2/user', { action: 'getgoals' }, tokens.accessToken, style);
      expect(a).toEqual({ status: 401, body: {}, error: expect.stringContaining('invalid_token') });
    }
  });

  it('answers bad input in the original format, in HTTP 200, never a 500', async () => {
    const token = aliceTokens.accessToken;
    expect((await call('/wbsapi/measure', { action: 'getmeas' }, undefined)).status).toBe(401);
    expect((await call('/wbsapi/measure', { action: 'getmeas' }, 'not-a-token', 'query')).status).toBe(401);
    expect((await call('/wbsapi/measure', { action: 'getmeas' }, 'x'.repeat(5000), 'json')).status).toBe(401);
    expect((await call('/wbsapi/measure', { action: 'nope' }, token)).status).toBe(2554);
    expect((await call('/wbsapi/measure', { action: 'getactivity' }, token)).status).toBe(2554);
    expect((await call('/wbsapi/measure', {}, token)).status).toBe(2554);
    expect((await call('/wbsapi/measure', { action: 'toString' }, token)).status).toBe(2554);
    const badMeastype = await call('/wbsapi/measure', { action: 'getmeas', meastype: 'abc' }, token);
    expect(badMeastype).toEqual({
      status: 503,
      body: {},
      error: 'Invalid Params: meastype is missing or not valid',
    });
    expect((await call('/wbsapi/v2/measure', { action: 'getactivity' }, token)).status).toBe(503);
    expect((await call('/wbsapi/v2/sleep', { action: 'get', startdate: '10' }, token)).status).toBe(503);
    expect(
      (
        await call(
          '/wbsapi/v2/sleep',
          { action: 'getsummary', startdateymd: '2026-02-30', enddateymd: '2026-03-01' },
          token,
        )
      ).status,
    ).toBe(503);
    expect((await call('/wbsapi/v2/measure', { action: 'getworkouts', offset: '-1' }, token)).status).toBe(
      503,
    );
    expect(
      (await call('/wbsapi/measure', { action: 'getmeas', comment: 'a\u0000b' }, token, 'json')).status,
    ).toBe(503);

    const raw = async (payload: string, contentType: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/wbsapi/measure',
        headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
        payload,
      });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    expect((await raw('[1,2]', 'application/json')).status).toBe(503);
    expect((await raw('{"action":', 'application/json')).status).toBe(503);
    expect((await raw('{"action":"getmeas","meastype":{"a":1}}', 'application/json')).status).toBe(503);
    expect((await raw('action=getmeas', 'text/plain')).status).toBe(503);
    expect((await raw('action=getmeas&meastype=1', 'application/x-www-form-urlencoded')).status).toBe(0);
  });
});

describe('/wbsapi/v2/oauth2 requesttoken and the authorization address', () => {
  it('exchanges a code and a refresh token in the original format', async () => {
    const dave = await createTestUser(t);
    const { code, codeVerifier, redirectUri } = await authorizeAndGetCode(dave, partner, [
      'user.metrics',
      'user.info',
    ]);
    const base = { action: 'requesttoken', client_id: partner.clientId, client_secret: partner.clientSecret };
    const first = await call(
      '/wbsapi/v2/oauth2',
      {
        ...base,
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      },
      undefined,
    );
    expect(first).toEqual({
      status: 0,
      body: {
        // Withings' userid: an integer (as digits, like the original's token answer), not our uuid.
        userid: expect.stringMatching(/^[1-9]\d{7,8}$/),
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        expires_in: expect.any(Number),
        scope: expect.stringMatching(/^[a-z.]+(,[a-z.]+)*$/),
        token_type: 'Bearer',
      },
    });
    expect(first.body.scope.split(',').sort()).toEqual(['user.info', 'user.metrics']);
    const goals = await call('/wbsapi/v2/user', { action: 'getgoals' }, first.body.access_token);
    expect(goals.status).toBe(0);

    const refreshed = await call(
      '/wbsapi/v2/oauth2',
      { ...base, grant_type: 'refresh_token', refresh_token: first.body.refresh_token },
      undefined,
      'json',
    );
    expect(refreshed.status).toBe(0);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.userid).toBe(first.body.userid);

    const replay = await call(
      '/wbsapi/v2/oauth2',
      {
        ...base,
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      },
      undefined,
    );
    expect(replay.status).toBe(503);
    // A replayed code revokes what it granted (RFC 6749 4.1.2): the tokens stop working.
    expect((await call('/wbsapi/v2/user', { action: 'getgoals' }, refreshed.body.access_token)).status).toBe(
      401,
    );

    const wrongSecret = await call(
      '/wbsapi/v2/oauth2',
      { ...base, client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: 'whatever' },
      undefined,
    );
    // The original's answer to a wrong client secret (not an invalid_token).
    expect(wrongSecret).toEqual({ status: 503, body: {}, error: 'Invalid Params: invalid client id/secret' });
    expect((await call('/wbsapi/v2/oauth2', { ...base, grant_type: 'password' }, undefined)).status).toBe(
      503,
    );
    expect(
      (await call('/wbsapi/v2/oauth2', { ...base, grant_type: 'authorization_code' }, undefined)).status,
    ).toBe(503);
  });

  it('sends the original authorization address to our authorization endpoint with the same query', async () => {
    const query = `response_type=code&client_id=${encodeURIComponent(partner.clientId)}&scope=user.info,user.metrics&state=xyz`;
    const res = await t.app.inject({ method: 'GET', url: `/oauth2_user/authorize2?${query}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/oauth/auth?${query}`);
  });
});
