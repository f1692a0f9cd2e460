import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { connectPartner, registerTestPartnerApp, type TestPartnerApp } from '../../test/partner-harness';
import {
  deliveriesOf,
  type Receiver,
  runDueDeliveries,
  startReceiver,
} from '../webhooks/webhooks.test-support';

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
afterEach(() => {
  receiver.calls = [];
  receiver.status = 200;
});

const SCOPES = ['user.info', 'user.metrics', 'user.activity'];

async function connected(scopes = SCOPES) {
  const owner = await createTestUser(t);
  const app = await registerTestPartnerApp(t, { scopes: SCOPES, owner });
  const user = await createTestUser(t);
  const tokens = await connectPartner(t, user, app, scopes);
  return { owner, app, user, token: tokens.accessToken, partnerUserId: tokens.userId };
}

/** POST /wbsapi/notify as a Withings client does: a form body, the token as Bearer. */
async function notify(token: string | undefined, params: Record<string, string>) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/wbsapi/notify',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    payload: new URLSearchParams(params).toString(),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { status: number; body: Record<string, unknown>; error?: string };
}

describe('/wbsapi/notify', () => {
  it('subscribes, gets, lists, updates and revokes, as the original', async () => {
    const { token } = await connected();
    const cb = `${receiver.url}/cb`;
    expect(
      await notify(token, { action: 'subscribe', callbackurl: cb, appli: '1', comment: 'weight' }),
    ).toEqual({
      status: 0,
      body: {},
    });
    // The callback was checked with a HEAD first.
    expect(receiver.calls.map((c) => [c.method, c.path])).toEqual([['HEAD', '/cb']]);
    expect(await notify(token, { action: 'get', callbackurl: cb })).toEqual({
      status: 0,
      body: { appli: 1, callbackurl: cb, comment: 'weight' },
    });
    expect((await notify(token, { action: 'subscribe', callbackurl: cb, appli: '16' })).status).toBe(0);
    const list = await notify(token, { action: 'list' });
    expect(list.body.profiles).toEqual([
      { appli: 1, callbackurl: cb, comment: 'weight', expires: 2147483647 },
      { appli: 16, callbackurl: cb, comment: '', expires: 2147483647 },
    ]);
    expect((await notify(token, { action: 'list', appli: '16' })).body.profiles).toHaveLength(1);

    const moved = `${receiver.url}/moved`;
    const update = await notify(token, {
      action: 'update',
      callbackurl: cb,
      appli: '1',
      new_callbackurl: moved,
      new_appli: '4',
    });
    expect(update.status).toBe(0);
    expect((await notify(token, { action: 'get', callbackurl: moved, appli: '4' })).body).toMatchObject({
      appli: 4,
      callbackurl: moved,
    });
    expect((await notify(token, { action: 'get', callbackurl: cb, appli: '1' })).status).toBe(294);

    expect((await notify(token, { action: 'revoke', callbackurl: moved, appli: '4' })).status).toBe(0);
    expect((await notify(token, { action: 'revoke', callbackurl: moved, appli: '4' })).status).toBe(294);
    expect((await notify(token, { action: 'list' })).body.profiles).toHaveLength(1);
  });

  it('takes the query string, a form or JSON alike, and the token as a parameter', async () => {
    const { token } = await connected();
    const cb = `${receiver.url}/styles`;
    const query = await t.app.inject({
      method: 'GET',
      url: `/wbsapi/notify?action=subscribe&appli=1&callbackurl=${encodeURIComponent(cb)}&access_token=${token}`,
    });
    expect(query.json()).toEqual({ status: 0, body: {} });
    const json = await t.app.inject({
      method: 'POST',
      url: '/wbsapi/notify',
      headers: { authorization: `Bearer ${token}` },
      payload: { action: 'get', callbackurl: cb, appli: 1 },
    });
    expect(json.json()).toEqual({ status: 0, body: { appli: 1, callbackurl: cb, comment: '' } });
  });

  it('calls back after new data with userid, appli, startdate, enddate', async () => {
    const { token, user, partnerUserId } = await connected();
    // The userid of the callback is the one the token answer gave the partner: Withings' integer.
    expect(partnerUserId).toMatch(/^\d{8,9}$/);
    expect(
      (await notify(token, { action: 'subscribe', callbackurl: `${receiver.url}/w`, appli: '1' })).status,
    ).toBe(0);
    receiver.calls = [];
    const takenAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString();
    const res = await user.client.post('/api/health-data/readings', {
      takenAt,
      measures: [{ metric: 'weight', value: 68.4, unit: 'kg' }],
    });
    expect(res.statusCode).toBe(201);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    const seconds = String(Date.parse(takenAt) / 1000);
    expect(Object.fromEntries(new URLSearchParams(receiver.calls[0]!.body))).toEqual({
      userid: partnerUserId,
      appli: '1',
      startdate: seconds,
      enddate: seconds,
    });
  });

  it('answers the original status codes to bad input', async () => {
    const { token } = await connected();
    const cb = `${receiver.url}/bad`;
    const cases: Array<[Record<string, string>, number]> = [
      [{ action: 'subscribe', appli: '1' }, 503],
      [{ action: 'subscribe', callbackurl: cb }, 503],
      [{ action: 'subscribe', callbackurl: cb, appli: '3' }, 503],
      [{ action: 'subscribe', callbackurl: cb, appli: 'one' }, 503],
      [{ action: 'subscribe', callbackurl: 'ftp://partner.example/cb', appli: '1' }, 293],
      [{ action: 'subscribe', callbackurl: 'not a url', appli: '1' }, 293],
      [{ action: 'subscribe', callbackurl: cb, appli: '1', comment: 'x'.repeat(501) }, 503],
      [{ action: 'get', callbackurl: cb }, 294],
      [{ action: 'revoke', callbackurl: cb, appli: '1' }, 294],
      [{ action: 'update', callbackurl: cb, appli: '1', new_callbackurl: cb, new_appli: '4' }, 294],
      [{ action: 'update', callbackurl: cb, appli: '1' }, 503],
      [{ action: 'unsubscribe', callbackurl: cb }, 2554],
      [{ callbackurl: cb }, 2554],
    ];
    for (const [params, status] of cases) {
      const answer = await notify(token, params);
      expect(answer.status, JSON.stringify(params)).toBe(status);
      expect(answer.error).toEqual(expect.any(String));
      // The value sent is never echoed.
      expect(answer.error).not.toContain('partner.example');
    }
    // A callback that does not answer the HEAD check with a 2xx: 343.
    receiver.status = 404;
    expect((await notify(token, { action: 'subscribe', callbackurl: cb, appli: '1' })).status).toBe(343);
    receiver.status = 200;
    // A private address when the configuration does not allow it: 293, and nothing is called.
    t.app.ctx.config.webhooksAllowPrivateNetwork = false;
    receiver.calls = [];
    try {
      expect((await notify(token, { action: 'subscribe', callbackurl: cb, appli: '1' })).status).toBe(293);
      expect(
        (await notify(token, { action: 'subscribe', callbackurl: 'https://169.254.169.254/x', appli: '1' }))
          .status,
      ).toBe(293);
    } finally {
      t.app.ctx.config.webhooksAllowPrivateNetwork = true;
    }
    expect(receiver.calls).toEqual([]);
    expect((await notify(token, { action: 'list' })).body.profiles).toEqual([]);
  });

  it('needs a valid token with a scope for the category', async () => {
    const { token } = await connected(['user.activity']);
    expect((await notify(undefined, { action: 'list' })).status).toBe(401);
    expect((await notify('not-a-token', { action: 'list' })).status).toBe(401);
    const refused = await notify(token, { action: 'subscribe', callbackurl: receiver.url, appli: '1' });
    expect(refused.status).toBe(401);
    expect(refused.error).toMatch(/insufficient_scope/);
    expect(
      (await notify(token, { action: 'subscribe', callbackurl: receiver.url, appli: '16' })).status,
    ).toBe(0);
  });

  it('keeps each user’s subscriptions apart, even for the same app', async () => {
    const owner = await createTestUser(t);
    const app: TestPartnerApp = await registerTestPartnerApp(t, { scopes: SCOPES, owner });
    const alice: TestUser = await createTestUser(t);
    const bob: TestUser = await createTestUser(t);
    const aliceToken = (await connectPartner(t, alice, app, SCOPES)).accessToken;
    const bobToken = (await connectPartner(t, bob, app, SCOPES)).accessToken;
    const cb = `${receiver.url}/alice`;
    expect((await notify(aliceToken, { action: 'subscribe', callbackurl: cb, appli: '1' })).status).toBe(0);
    expect((await notify(bobToken, { action: 'list' })).body.profiles).toEqual([]);
    expect((await notify(bobToken, { action: 'get', callbackurl: cb, appli: '1' })).status).toBe(294);
    expect((await notify(bobToken, { action: 'revoke', callbackurl: cb, appli: '1' })).status).toBe(294);
    expect((await notify(aliceToken, { action: 'list' })).body.profiles).toHaveLength(1);
    // Bob's new data calls no one back for Alice's subscription.
    await bob.client.post('/api/health-data/readings', {
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      measures: [{ metric: 'weight', value: 90, unit: 'kg' }],
    });
    expect(await deliveriesOf(t, bob.user.id)).toEqual([]);
  });

  it('after Disconnect: the token fails, the unlink notice goes out, and no data callback follows', async () => {
    const { token, user, app, partnerUserId } = await connected();
    expect(
      (await notify(token, { action: 'subscribe', callbackurl: `${receiver.url}/d`, appli: '1' })).status,
    ).toBe(0);
    expect(
      (await notify(token, { action: 'subscribe', callbackurl: `${receiver.url}/u`, appli: '46' })).status,
    ).toBe(0);
    receiver.calls = [];
    expect((await user.client.delete(`/api/connected-apps/${app.clientId}`)).statusCode).toBe(204);
    expect((await notify(token, { action: 'list' })).status).toBe(401);
    await user.client.post('/api/health-data/readings', {
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      measures: [{ metric: 'weight', value: 77, unit: 'kg' }],
    });
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect(receiver.calls.map((c) => c.path)).toEqual(['/u']);
    expect(Object.fromEntries(new URLSearchParams(receiver.calls[0]!.body))).toMatchObject({
      userid: partnerUserId,
      appli: '46',
      action: 'unlink',
    });
  });

  it('after Disconnect and a new connection, the old subscriptions are gone (not revived)', async () => {
    const { token, user, app } = await connected();
    expect(
      (await notify(token, { action: 'subscribe', callbackurl: `${receiver.url}/d`, appli: '1' })).status,
    ).toBe(0);
    expect((await user.client.delete(`/api/connected-apps/${app.clientId}`)).statusCode).toBe(204);
    await runDueDeliveries(t);
    const again = await connectPartner(t, user, app, SCOPES);
    expect((await notify(again.accessToken, { action: 'list' })).body.profiles).toEqual([]);
    receiver.calls = [];
    await user.client.post('/api/health-data/readings', {
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      measures: [{ metric: 'weight', value: 78, unit: 'kg' }],
    });
    await runDueDeliveries(t);
    expect(receiver.calls).toEqual([]);
  });
});
