import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from '../devices/devices.test-support';
import { endConnections, publicUserId } from '../oauth';
import { createNotifyService } from '../wbsapi';
import { DELIVER_JOB_EXPIRE_SECONDS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from './delivery.service';
import { notifyPartnerOfDisconnect } from './partner-events';
import { SIGNATURE_HEADER, verifySignature } from './signature';
import { createWebhooksRepo } from './webhooks.repo';
import {
  deliveriesOf,
  type Receiver,
  runDueDeliveries,
  seedConnection,
  seedPartnerApp,
  startReceiver,
} from './webhooks.test-support';

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

/** The user as Withings-style callbacks name them: the public integer id (oauth/public-user-ids.ts). */
const partnerIdOf = async (user: TestUser) => String(await publicUserId(t.database.db, user.user.id));
afterEach(async () => {
  // Leave nothing due for the next test: every delivery of this one is run out or abandoned.
  await t.database.raw.query(`UPDATE webhook_deliveries SET status = 'cancelled' WHERE status = 'pending'`);
  receiver.calls = [];
  receiver.status = 200;
});

const SCOPES = ['user.metrics', 'user.activity'];
const iso = (msAgo: number) => new Date(t.clock.now().getTime() - msAgo).toISOString();

/** An owner with an app, and a user connected to it with `SCOPES`. */
async function connectedPair(scopes = SCOPES) {
  const owner = await createTestUser(t);
  const clientId = await seedPartnerApp(t, owner, scopes);
  const user = await createTestUser(t);
  await seedConnection(t, user.user.id, clientId, scopes);
  const principal = { userId: user.user.id, clientId, clientName: 'Test partner', grantId: 'g', scopes };
  return { owner, user, clientId, principal };
}

async function addWeight(user: TestUser, takenAt: string, kg = 71.3) {
  const res = await user.client.post('/api/health-data/readings', {
    takenAt,
    measures: [{ metric: 'weight', value: kg, unit: 'kg' }],
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

describe('Withings-style callbacks', () => {
  it('posts userid, appli, startdate, enddate as a form after a manual entry, once per subscription', async () => {
    const { user, principal } = await connectedPair();
    const notify = createNotifyService(t.app.ctx);
    await notify.subscribe(principal, { callbackurl: `${receiver.url}/withings`, appli: 1 });
    await notify.subscribe(principal, { callbackurl: `${receiver.url}/activity`, appli: 16 });
    // Subscribing checks the URL answers a HEAD first.
    expect(receiver.calls.map((c) => c.method)).toEqual(['HEAD', 'HEAD']);
    receiver.calls = [];

    const takenAt = iso(3_600_000);
    await addWeight(user, takenAt);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect(receiver.calls).toHaveLength(1);
    const call = receiver.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/withings');
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({
      userid: await partnerIdOf(user),
      appli: '1',
      startdate: String(Math.floor(Date.parse(takenAt) / 1000)),
      enddate: String(Math.ceil(Date.parse(takenAt) / 1000)),
    });
    // Never the value itself.
    expect(call.body).not.toContain('71.3');
    // Delivered once: running the jobs again sends nothing.
    expect(await runDueDeliveries(t)).toEqual([]);
    expect(receiver.calls).toHaveLength(1);
  });

  it('coalesces one trigger into one callback per subscription with the changed range', async () => {
    const { user, principal } = await connectedPair();
    await createNotifyService(t.app.ctx).subscribe(principal, {
      callbackurl: `${receiver.url}/bp`,
      appli: 4,
    });
    receiver.calls = [];
    // One device-like batch through the ingest path would be one trigger; a manual reading with two
    // measures of category 4 is one trigger too.
    const takenAt = iso(7_200_000);
    const res = await user.client.post('/api/health-data/readings', {
      takenAt,
      measures: [
        { metric: 'systolic_bp', value: 128, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 82, unit: 'mmHg' },
        { metric: 'heart_rate', value: 64, unit: 'bpm' },
      ],
    });
    expect(res.statusCode).toBe(201);
    // A correction moving it two hours earlier: one more trigger, its range covering both times.
    const moved = iso(4 * 3_600_000);
    expect(
      (await user.client.patch(`/api/health-data/readings/${res.json().id}`, { takenAt: moved })).statusCode,
    ).toBe(200);
    expect(await runDueDeliveries(t)).toEqual(['delivered', 'delivered']);
    const forms = receiver.calls.map((c) => Object.fromEntries(new URLSearchParams(c.body)));
    // Whole seconds, widened outwards so a partner asking for [startdate, enddate] gets the data.
    const s = (x: string) => String(Math.floor(Date.parse(x) / 1000));
    const e = (x: string) => String(Math.ceil(Date.parse(x) / 1000));
    expect(forms).toEqual([
      { userid: await partnerIdOf(user), appli: '4', startdate: s(takenAt), enddate: e(takenAt) },
      { userid: await partnerIdOf(user), appli: '4', startdate: s(moved), enddate: e(takenAt) },
    ]);
  });

  it('calls back once per category after a device sync, with the batch range; not for a replay', async () => {
    const { user, principal } = await connectedPair([...SCOPES, 'user.sleepevents']);
    const notify = createNotifyService(t.app.ctx);
    await notify.subscribe(principal, { callbackurl: `${receiver.url}/body`, appli: 1 });
    await notify.subscribe(principal, { callbackurl: `${receiver.url}/sleep`, appli: 44 });
    receiver.calls = [];
    const device = await pairUnit(user.client, await makeUnit(t, 'vb-scale-body'));
    const at = (h: number) =>
      new Date(t.clock.now().getTime() - h * 3_600_000).toISOString().replace('Z', '+00:00');
    const [early, late] = [at(30), at(6)];
    const payload = {
      items: [weighIn(early, 80.2), weighIn(late, 80, [{ metric: 'fat_ratio', value: 21.5, unit: '%' }])],
    };
    const key = syncKey();
    expect((await deviceCall(t, device.credential, '/api/device/sync', payload, key)).statusCode).toBe(200);
    expect((await deviceCall(t, device.credential, '/api/device/sync', payload, key)).statusCode).toBe(200);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect(receiver.calls.map((c) => c.path)).toEqual(['/body']);
    expect(Object.fromEntries(new URLSearchParams(receiver.calls[0]!.body))).toMatchObject({
      appli: '1',
      startdate: String(Math.floor(Date.parse(early) / 1000)),
      enddate: String(Math.ceil(Date.parse(late) / 1000)),
    });
  });

  it('does not notify a category the connection was not granted, nor another user of the app', async () => {
    const { user, principal, clientId } = await connectedPair(['user.activity']);
    await expect(
      createNotifyService(t.app.ctx).subscribe(principal, { callbackurl: receiver.url, appli: 1 }),
    ).rejects.toMatchObject({ code: 'insufficient_scope' });
    await createNotifyService(t.app.ctx).subscribe(principal, { callbackurl: receiver.url, appli: 16 });
    await addWeight(user, iso(60_000));
    // Someone else, connected to the same app with every scope, writes data: not this user's callback.
    const other = await createTestUser(t);
    await seedConnection(t, other.user.id, clientId, SCOPES);
    await addWeight(other, iso(60_000));
    expect(await deliveriesOf(t, user.user.id)).toEqual([]);
    expect(await deliveriesOf(t, other.user.id)).toEqual([]);
  });

  it('retries a failing receiver at +10 s, +1 min, +1 h, +4 h, then gives up; every attempt logged', async () => {
    const { user, principal } = await connectedPair();
    await createNotifyService(t.app.ctx).subscribe(principal, {
      callbackurl: `${receiver.url}/down`,
      appli: 1,
    });
    receiver.calls = [];
    receiver.status = 503;
    await addWeight(user, iso(60_000));

    expect(await runDueDeliveries(t)).toEqual(['retrying']);
    for (const delay of RETRY_DELAYS_MS) {
      // Not before its time…
      t.clock.advance(delay - 1000);
      expect(await runDueDeliveries(t)).toEqual([]);
      // …and at it.
      t.clock.advance(1000);
      const result = await runDueDeliveries(t);
      expect(result).toHaveLength(1);
    }
    expect(receiver.calls).toHaveLength(MAX_ATTEMPTS);
    const [delivery] = await deliveriesOf(t, user.user.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, next_attempt_at: null });
    // Given up: a day later nothing more is sent.
    t.clock.advance(86_400_000);
    expect(await runDueDeliveries(t)).toEqual([]);
    expect(receiver.calls).toHaveLength(MAX_ATTEMPTS);
    const { rows } = await t.database.raw.query<{ attempt: number; status_code: number; error: string }>(
      'SELECT attempt, status_code, error FROM webhook_delivery_attempts WHERE user_id = $1 AND delivery_id = $2 ORDER BY attempt',
      [user.user.id, delivery!.id],
    );
    expect(rows).toEqual(
      [1, 2, 3, 4, 5].map((attempt) => ({ attempt, status_code: 503, error: 'HTTP 503' })),
    );
  });

  it('recovers when the receiver comes back before the last attempt', async () => {
    const { user, principal } = await connectedPair();
    await createNotifyService(t.app.ctx).subscribe(principal, { callbackurl: receiver.url, appli: 1 });
    receiver.status = 500;
    await addWeight(user, iso(60_000));
    expect(await runDueDeliveries(t)).toEqual(['retrying']);
    receiver.status = 204;
    t.clock.advance(RETRY_DELAYS_MS[0]);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect((await deliveriesOf(t, user.user.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('queues again an attempt cut off mid-way (its worker lost the database), once the deliver job has expired', async () => {
    // Found by the failover test (npm run test:ha): the deliveries whose attempt was running when the
    // primary was killed stayed pending for 20 minutes, the time allowed to a job that never started.
    const { user, principal } = await connectedPair();
    await createNotifyService(t.app.ctx).subscribe(principal, { callbackurl: receiver.url, appli: 1 });
    await addWeight(user, iso(60_000));
    const repo = createWebhooksRepo(t.database.db);
    const dueNow = async () =>
      (
        await repo.dueForDispatch(
          t.clock.now(),
          {
            lostBefore: new Date(t.clock.now().getTime() - 20 * 60_000),
            cutOffBefore: new Date(t.clock.now().getTime() - DELIVER_JOB_EXPIRE_SECONDS * 1000),
          },
          10,
        )
      ).map((d) => d.id);
    const [delivery] = await deliveriesOf(t, user.user.id);
    // The dispatcher queued it; a worker claimed the attempt and died before its end.
    expect(await dueNow()).toEqual([delivery!.id]);
    await repo.markDispatched(user.user.id, delivery!.id, 0, t.clock.now());
    expect(await dueNow()).toEqual([]);
    expect(await repo.claimAttempt(user.user.id, delivery!.id, 0, t.clock.now())).toBeDefined();
    // A dispatch that lands after the claim does not mark it queued again.
    await repo.markDispatched(user.user.id, delivery!.id, 0, t.clock.now());
    // While the attempt may still be running, it is not queued twice…
    t.clock.advance(DELIVER_JOB_EXPIRE_SECONDS * 1000 - 1000);
    expect(await dueNow()).toEqual([]);
    // …past the deliver job's expiry it is queued again, and the next attempt delivers it.
    t.clock.advance(2000);
    expect(await dueNow()).toEqual([delivery!.id]);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    expect((await deliveriesOf(t, user.user.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('sends nothing more after Disconnect, but the unlink notice itself', async () => {
    const { user, principal, clientId } = await connectedPair();
    const notify = createNotifyService(t.app.ctx);
    await notify.subscribe(principal, { callbackurl: `${receiver.url}/data`, appli: 1 });
    await notify.subscribe(principal, { callbackurl: `${receiver.url}/user`, appli: 46 });
    receiver.calls = [];
    // Queued while connected, not yet sent…
    await addWeight(user, iso(120_000));
    // …then the user disconnects.
    const db = t.database.db;
    await db.transaction(async (tx) => {
      await notifyPartnerOfDisconnect(tx, user.user.id, clientId, t.clock.now());
      await endConnections(tx, user.user.id, t.clock.now(), clientId);
    });
    await addWeight(user, iso(60_000), 70.9);
    expect(await runDueDeliveries(t)).toEqual(['cancelled', 'delivered']);
    expect(receiver.calls.map((c) => c.path)).toEqual(['/user']);
    expect(Object.fromEntries(new URLSearchParams(receiver.calls[0]!.body))).toMatchObject({
      userid: await partnerIdOf(user),
      appli: '46',
      action: 'unlink',
    });
    const events = (await deliveriesOf(t, user.user.id)).map((d) => [d.event, d.status]);
    expect(events).toEqual([
      ['appli.1', 'cancelled'],
      ['appli.46', 'delivered'],
    ]);
  });
});

describe('signed webhooks', () => {
  async function withWebhook(events?: string[]) {
    const pair = await connectedPair();
    const res = await pair.owner.client.put(`/api/developer/apps/${pair.clientId}/webhook`, {
      url: `${receiver.url}/hook`,
      ...(events ? { events } : {}),
    });
    expect(res.statusCode).toBe(200);
    const secret = res.json().secret as string;
    expect(secret).toMatch(/^whsec_/);
    return { ...pair, secret };
  }

  it('posts a JSON event without health values, signed with the app secret', async () => {
    const { user, secret } = await withWebhook();
    const takenAt = iso(600_000);
    await addWeight(user, takenAt, 83.25);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    const call = receiver.calls[0]!;
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).not.toContain('83.25');
    const event = JSON.parse(call.body);
    expect(event).toMatchObject({
      type: 'measurements.changed',
      data: {
        userId: user.user.id,
        changes: [{ category: 'body', appli: 1, startDate: new Date(takenAt).toISOString() }],
      },
    });
    expect(call.headers['vitalbase-delivery']).toBe(event.id);
    const header = call.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifySignature(secret, header, call.body, now)).toBe(true);
    expect(verifySignature('whsec_another', header, call.body, now)).toBe(false);
    expect(verifySignature(secret, header, call.body.replace('body', 'cardio'), now)).toBe(false);
    // A replayed old request is refused by the receiver's check.
    expect(verifySignature(secret, header, call.body, now + 3600)).toBe(false);
  });

  it('signs with the rotated secret from the next attempt on', async () => {
    const { user, owner, clientId, secret } = await withWebhook();
    receiver.status = 500;
    await addWeight(user, iso(60_000));
    expect(await runDueDeliveries(t)).toEqual(['retrying']);
    const rotated = await owner.client.post(`/api/developer/apps/${clientId}/webhook/secret`);
    expect(rotated.statusCode).toBe(200);
    const newSecret = rotated.json().secret as string;
    expect(newSecret).not.toBe(secret);
    receiver.status = 200;
    t.clock.advance(RETRY_DELAYS_MS[0]);
    expect(await runDueDeliveries(t)).toEqual(['delivered']);
    const last = receiver.calls[1]!;
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const header = last.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifySignature(newSecret, header, last.body, now)).toBe(true);
    expect(verifySignature(secret, header, last.body, now)).toBe(false);
  });

  it('tells every connected partner of an erasure request before the connections end', async () => {
    const { user, principal } = await withWebhook();
    await createNotifyService(t.app.ctx).subscribe(principal, {
      callbackurl: `${receiver.url}/user`,
      appli: 46,
    });
    receiver.calls = [];
    const res = await user.client.post('/api/me/erasure', { currentPassword: user.password });
    expect(res.statusCode).toBe(202);
    expect(await runDueDeliveries(t)).toEqual(['delivered', 'delivered']);
    const byPath = Object.fromEntries(receiver.calls.map((c) => [c.path, c.body]));
    expect(JSON.parse(byPath['/hook']!)).toMatchObject({
      type: 'user.erased',
      data: { userId: user.user.id },
    });
    expect(Object.fromEntries(new URLSearchParams(byPath['/user']))).toMatchObject({
      userid: await partnerIdOf(user),
      appli: '46',
      action: 'delete',
    });
  });

  it('takes only the events chosen, and stops when the endpoint is removed', async () => {
    const { user, owner, clientId } = await withWebhook(['user.erased']);
    await addWeight(user, iso(60_000));
    expect(await deliveriesOf(t, user.user.id)).toEqual([]);
    const put = await owner.client.put(`/api/developer/apps/${clientId}/webhook`, {
      url: `${receiver.url}/hook`,
      events: ['measurements.changed'],
    });
    expect(put.statusCode).toBe(200);
    // Not a new endpoint: the secret is not shown again.
    expect(put.json().secret).toBeUndefined();
    await addWeight(user, iso(30_000), 70);
    expect((await owner.client.delete(`/api/developer/apps/${clientId}/webhook`)).statusCode).toBe(204);
    expect(await runDueDeliveries(t)).toEqual(['cancelled']);
    expect(receiver.calls).toEqual([]);
  });
  it('drops the endpoint and its deliveries (pending or logged) with the app', async () => {
    const { user, owner, clientId } = await withWebhook();
    await addWeight(user, iso(60_000));
    expect(await deliveriesOf(t, user.user.id)).toHaveLength(1);
    expect((await owner.client.delete(`/api/developer/apps/${clientId}`)).statusCode).toBe(204);
    const { rows } = await t.database.raw.query('SELECT * FROM partner_app_webhooks WHERE client_id = $1', [
      clientId,
    ]);
    expect(rows).toEqual([]);
    // The delivery log is the app owner's and copies the endpoint's URL: it goes with the app.
    expect(await deliveriesOf(t, user.user.id)).toEqual([]);
    expect(await runDueDeliveries(t)).toEqual([]);
    expect(receiver.calls).toEqual([]);
  });
});

describe('the owner’s routes', () => {
  it('lists the delivery log newest first, paged, with each attempt', async () => {
    const { user, owner, clientId, principal } = await connectedPair();
    await createNotifyService(t.app.ctx).subscribe(principal, { callbackurl: receiver.url, appli: 1 });
    receiver.status = (call) => (call.method === 'POST' ? 500 : 200);
    for (let i = 0; i < 3; i++) {
      await addWeight(user, iso((i + 1) * 60_000), 70 + i);
      t.clock.advance(1000);
    }
    await runDueDeliveries(t);
    const first = await owner.client.get(`/api/developer/apps/${clientId}/deliveries?limit=2`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (
      await owner.client.get(`/api/developer/apps/${clientId}/deliveries?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items];
    expect(new Set(all.map((d: { id: string }) => d.id)).size).toBe(3);
    const created = all.map((d: { createdAt: string }) => d.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(all[0]).toMatchObject({
      channel: 'notify',
      event: 'appli.1',
      appli: 1,
      userId: user.user.id,
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      attemptLog: [{ attempt: 1, statusCode: 500, error: 'HTTP 500', durationMs: expect.any(Number) }],
    });
    // No health value anywhere in what the owner reads.
    expect(JSON.stringify(all)).not.toMatch(/"value"|"kg"|weight/);
  });

  it('answers 404 for another user’s app, and lists nothing of another app', async () => {
    const { clientId, principal, user } = await connectedPair();
    await createNotifyService(t.app.ctx).subscribe(principal, { callbackurl: receiver.url, appli: 1 });
    await addWeight(user, iso(60_000));
    const stranger = await createTestUser(t);
    for (const res of [
      await stranger.client.get(`/api/developer/apps/${clientId}/deliveries`),
      await stranger.client.get(`/api/developer/apps/${clientId}/webhook`),
      await stranger.client.put(`/api/developer/apps/${clientId}/webhook`, { url: receiver.url }),
      await stranger.client.post(`/api/developer/apps/${clientId}/webhook/secret`),
      await stranger.client.delete(`/api/developer/apps/${clientId}/webhook`),
      // The connected user is not the app's owner either.
      await user.client.get(`/api/developer/apps/${clientId}/deliveries`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    // The stranger's own app sees none of it.
    const own = await seedPartnerApp(t, stranger, SCOPES);
    const list = await stranger.client.get(`/api/developer/apps/${own}/deliveries`);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
  });

  it('refuses bad input with 400 and the error format', async () => {
    const { owner, clientId } = await connectedPair();
    const put = (body: unknown) => owner.client.put(`/api/developer/apps/${clientId}/webhook`, body);
    for (const body of [
      {},
      { url: '' },
      { url: 42 },
      { url: `${receiver.url}/x`, events: [] },
      { url: `${receiver.url}/x`, events: ['measurements.deleted'] },
      { url: `${receiver.url}/x`, extra: true },
      { url: 'not a url' },
      { url: `ftp://partner.example/x` },
      { url: `https://user:pw@partner.example/x` },
      { url: `https://partner.example/${'x'.repeat(300)}` },
    ]) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%%%', 'cursor=eyJ4IjoxfQ', 'other=1']) {
      const res = await owner.client.get(`/api/developer/apps/${clientId}/deliveries?${query}`);
      expect(res.statusCode, query).toBe(400);
    }
    expect((await owner.client.get(`/api/developer/apps/${'x'.repeat(300)}/deliveries`)).statusCode).toBe(
      400,
    );
    // Without a session.
    expect((await t.client().get(`/api/developer/apps/${clientId}/deliveries`)).statusCode).toBe(401);
  });

  it('refuses http and private addresses unless the configuration allows them', async () => {
    const { owner, clientId } = await connectedPair();
    t.app.ctx.config.webhooksAllowPrivateNetwork = false;
    try {
      for (const url of [
        `${receiver.url}/hook`,
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'https://localhost/hook',
      ]) {
        const res = await owner.client.put(`/api/developer/apps/${clientId}/webhook`, { url });
        expect(res.statusCode, url).toBe(400);
      }
      const ok = await owner.client.put(`/api/developer/apps/${clientId}/webhook`, {
        url: 'https://partner.example/hook',
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      t.app.ctx.config.webhooksAllowPrivateNetwork = true;
    }
  });
});
