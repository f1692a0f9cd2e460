import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { makeUnit, pairUnit } from '../devices/devices.test-support';

/** The user's side of support (issue #16, P11): their own requests only, bad input a 4xx. */
let t: TestApp;
let user: TestUser;
let other: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  user = await createTestUser(t);
  other = await createTestUser(t);
});
afterAll(() => t?.close());

const base = '/api/me/support/requests';

describe('a user’s support requests', () => {
  it('opens a request about one of their devices, replies, closes it', async () => {
    const device = await pairUnit(user.client, await makeUnit(t));
    const opened = await user.client.post(base, {
      topic: 'sync',
      message: 'No sync since Monday.',
      deviceId: device.id,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id;
    expect(opened.json()).toMatchObject({
      state: 'open',
      deviceId: device.id,
      messages: [{ author: 'user' }],
    });

    const replied = await user.client.post(`${base}/${id}/messages`, { message: 'It blinks red.' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json().messages.map((m: { body: string }) => m.body)).toEqual([
      'No sync since Monday.',
      'It blinks red.',
    ]);
    expect((await user.client.get(base)).json().requests.map((r: { id: string }) => r.id)).toContain(id);

    const closed = await user.client.post(`${base}/${id}/close`);
    expect(closed.json()).toMatchObject({ state: 'closed', closedBy: 'user' });
    const late = await user.client.post(`${base}/${id}/messages`, { message: 'One more thing.' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('support_request_closed');
  });

  it('another user’s request is 404 for every action, and their list does not show it', async () => {
    const res = await user.client.post(base, { topic: 'account', message: 'Help with my account.' });
    const id = res.json().id;
    const randomGrant = '00000000-0000-4000-8000-000000000001';
    for (const [method, url] of [
      ['GET', `${base}/${id}`],
      ['POST', `${base}/${id}/messages`],
      ['POST', `${base}/${id}/close`],
      ['POST', `${base}/${id}/grants/${randomGrant}/decline`],
      ['POST', `${base}/${id}/grants/${randomGrant}/revoke`],
    ] as const) {
      const answer = await other.client.request(
        method,
        url,
        method === 'POST' ? { message: 'x' } : undefined,
      );
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
      expect(answer.body).not.toContain(id);
    }
    expect((await other.client.get(base)).json().requests).toEqual([]);
    expect((await user.client.get(`${base}/${id}`)).json().state).toBe('open');
  });

  it('bad input is a 400 naming the field, never echoing it', async () => {
    const foreignDevice = await pairUnit(other.client, await makeUnit(t));
    for (const body of [
      {},
      { topic: 'nonsense', message: 'x' },
      { topic: 'device', message: '   ' },
      { topic: 'device', message: 'x'.repeat(5001) },
      { topic: 'device', message: 'ok', deviceId: 'not-a-uuid' },
      { topic: 'device', message: 'ok', extra: 1 },
      { topic: 'device', message: 'ok', deviceId: foreignDevice.id },
    ]) {
      const res = await user.client.post(base, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBeTruthy();
      expect(res.body).not.toContain(foreignDevice.id);
    }
    expect((await user.client.get(`${base}/not-a-uuid`)).statusCode).toBe(400);
  });

  it('needs a browser session: no session is 401', async () => {
    expect((await t.client().get(base)).statusCode).toBe(401);
  });
});
