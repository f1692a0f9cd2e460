import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, type PairedDevice } from '../devices/devices.test-support';
import { createStaffService } from '../operator';
import { createStaffMember as staffWith } from '../operator/operator.test-support';
import { auditActions } from '../second-factor/second-factor.test-support';
import { forgetUserInSupport } from './erasure';
import { adminPath, ask, openRequest } from './support.test-support';

/**
 * Support's side (issue #16, P11): the operator gate's roles, account metadata of an open request
 * only, health data and diagnostics only under the user's grant, decided at each read on the test
 * clock (closure, 7 days, revocation), every read in the user's access log with the request id.
 */
let t: TestApp;
let agent: TestUser;
let user: TestUser;
let device: PairedDevice;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  agent = await staffWith(t, ['support']);
  user = await createTestUser(t, { displayName: 'Camille Durand' });
  device = await pairUnit(user.client, await makeUnit(t));
  const ago = (h: number) => new Date(t.clock.now().getTime() - h * 3600_000).toISOString();
  const weight = await user.client.post('/api/health-data/readings', {
    takenAt: ago(5),
    measures: [
      { metric: 'weight', value: 71.5, unit: 'kg' },
      { metric: 'fat_ratio', value: 21, unit: '%' },
    ],
  });
  expect(weight.statusCode, weight.body).toBe(201);
  const bp = await user.client.post('/api/health-data/readings', {
    takenAt: ago(4),
    measures: [
      { metric: 'systolic_bp', value: 128, unit: 'mmHg' },
      { metric: 'diastolic_bp', value: 82, unit: 'mmHg' },
    ],
  });
  expect(bp.statusCode, bp.body).toBe(201);
  const diag = await deviceCall(t, device.credential, '/api/device/diagnostics', {
    logs: [{ at: ago(3), level: 'warn', message: 'wifi reconnect' }],
  });
  expect(diag.statusCode, diag.body).toBe(202);
});
afterAll(() => t?.close());

const range = () => {
  const now = t.clock.now().getTime();
  return `from=${new Date(now - 30 * DAY).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
};
const readWeight = (id: string, who = agent) =>
  who.client.get(`${adminPath(user, id)}/readings?metric=weight&${range()}`);
const accessLog = async () =>
  (await user.client.get('/api/me/access-log?limit=100'))
    .json<{
      entries: Array<{ actor: { type: string }; purpose: string; what: string[] }>;
    }>()
    .entries.filter((e) => e.actor.type === 'support');

describe('support reads with the user’s consent', () => {
  it('the queue shows open requests without personal data; the request page is logged with its id', async () => {
    const id = await openRequest(user, { deviceId: device.id });
    const queue = await agent.client.get('/api/admin/support/requests');
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().requests.map((r: { id: string }) => r.id)).toContain(id);
    expect(queue.body).not.toContain(user.user.email);
    expect(queue.body).not.toContain('Camille');

    const before = (await accessLog()).length;
    const page = await agent.client.get(adminPath(user, id));
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().account).toMatchObject({
      email: user.user.email,
      displayName: 'Camille Durand',
      devices: [{ id: device.id, firmware: expect.any(String) }],
    });
    expect(page.body).not.toContain('71.5');
    const log = await accessLog();
    expect(log.length).toBe(before + 1);
    expect(log[0]!.purpose).toContain(id);
    expect(log[0]!.what).toEqual(['support_request', 'account', 'devices']);
  });

  it('a reply reaches the user in the app and by mail', async () => {
    const id = await openRequest(user);
    const res = await agent.client.post(`${adminPath(user, id)}/messages`, {
      message: 'Please unplug it for 10 s.',
    });
    expect(res.statusCode, res.body).toBe(204);
    const mail = await t.smtp.waitFor(user.user.email, { subject: /support replied/ });
    expect(mail.text).toContain('Please unplug it for 10 s.');
    expect(mail.text).toContain(`/support/${id}`);
    const mine = await user.client.get(`/api/me/support/requests/${id}`);
    expect(mine.json().messages.map((m: { author: string }) => m.author)).toEqual(['user', 'support']);
  });

  it("a reply to a French account is mailed in French, support's words as written", async () => {
    const marie = await createTestUser(t, { locale: 'fr' });
    const id = await openRequest(marie);
    const res = await agent.client.post(`${adminPath(marie, id)}/messages`, {
      message: 'Débranchez-le 10 s, puis rebranchez-le.',
    });
    expect(res.statusCode, res.body).toBe(204);
    const mail = await t.smtp.waitFor(marie.user.email, { subject: /Le support Vitalbase a répondu/ });
    expect(mail.text).toContain('votre demande d’assistance\u00a0:');
    expect(mail.text).toContain('Débranchez-le 10 s, puis rebranchez-le.');
    expect(mail.text).toContain(`/support/${id}`);
    expect(mail.text).not.toMatch(/Hello|replied/);
  });

  it('health data: refused before the grant, opened for the granted category only, refused after revocation', async () => {
    const id = await openRequest(user);
    expect((await readWeight(id)).statusCode).toBe(403);
    const grantId = await ask(agent, user, id, ['weight', 'blood_pressure', 'diagnostics']);
    const asked = await t.smtp.waitFor(user.user.email, { subject: /asks to see/ });
    expect(asked.text).toContain('weight, blood_pressure, diagnostics');
    expect((await readWeight(id)).statusCode).toBe(403);
    const logged = (await accessLog()).length;

    // More than asked, diagnostics without devices, a device of someone else: refused.
    const grant = (body: object) =>
      user.client.post(`/api/me/support/requests/${id}/grants/${grantId}/grant`, body);
    expect((await grant({ categories: ['sleep'] })).statusCode).toBe(400);
    expect((await grant({ categories: ['diagnostics'] })).statusCode).toBe(400);
    expect((await grant({ categories: ['weight'], days: 8 })).statusCode).toBe(400);
    expect((await grant({ categories: ['weight'], deviceIds: [device.id] })).statusCode).toBe(400);
    const ok = await grant({ categories: ['weight', 'diagnostics'], deviceIds: [device.id] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().grants[0]).toMatchObject({ status: 'active', categories: ['weight', 'diagnostics'] });
    expect((await grant({ categories: ['weight'] })).statusCode).toBe(409);

    const read = await readWeight(id);
    expect(read.statusCode, read.body).toBe(200);
    const measures = read.json().items.flatMap((r: { measures: Array<{ metric: string }> }) => r.measures);
    expect(measures.map((m: { metric: string }) => m.metric)).toEqual(['weight']); // fat_ratio not granted
    const bp = await agent.client.get(`${adminPath(user, id)}/readings?metric=systolic_bp&${range()}`);
    expect(bp.statusCode).toBe(403); // asked, not granted
    const diag = await agent.client.get(`${adminPath(user, id)}/devices/${device.id}/diagnostics`);
    expect(diag.statusCode, diag.body).toBe(200);
    expect(diag.json().items[0]).toMatchObject({ message: 'wifi reconnect' });

    const log = await accessLog();
    expect(log.length).toBe(logged + 2); // the refused reads recorded nothing
    expect(log.map((e) => e.what[0])).toContain('readings:weight');
    expect(log.every((e) => e.purpose.includes('support request'))).toBe(true);
    expect(log.slice(0, 2).every((e) => e.purpose.includes(id))).toBe(true);

    const revoked = await user.client.post(`/api/me/support/requests/${id}/grants/${grantId}/revoke`);
    expect(revoked.json().grants[0].status).toBe('revoked');
    expect((await readWeight(id)).statusCode).toBe(403);
    expect(
      (await agent.client.get(`${adminPath(user, id)}/devices/${device.id}/diagnostics`)).statusCode,
    ).toBe(403);
    expect((await accessLog()).length).toBe(logged + 2);
  });

  it('a grant ends by itself when the request closes', async () => {
    const id = await openRequest(user);
    const grantId = await ask(agent, user, id);
    await user.client.post(`/api/me/support/requests/${id}/grants/${grantId}/grant`, {
      categories: ['weight'],
    });
    expect((await readWeight(id)).statusCode).toBe(200);
    const closed = await agent.client.post(`${adminPath(user, id)}/close`);
    expect(closed.statusCode, closed.body).toBe(204);
    const after = await readWeight(id);
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('support_request_closed');
    expect((await agent.client.get(adminPath(user, id))).statusCode).toBe(409); // no metadata either
    expect(
      (await agent.client.post(`${adminPath(user, id)}/asks`, { categories: ['weight'], reason: 'again' }))
        .statusCode,
    ).toBe(409);
    const mine = await user.client.get(`/api/me/support/requests/${id}`);
    expect(mine.json().grants[0].status).toBe('ended');
  });

  it('a grant ends by itself after its days, at most 7, on the test clock', async () => {
    const id = await openRequest(user);
    const grantId = await ask(agent, user, id);
    await user.client.post(`/api/me/support/requests/${id}/grants/${grantId}/grant`, {
      categories: ['weight'],
    });
    t.clock.advance(7 * DAY - 60_000);
    expect((await readWeight(id)).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await readWeight(id)).statusCode).toBe(403);
    const mine = await user.client.get(`/api/me/support/requests/${id}`);
    expect(mine.json().grants[0].status).toBe('expired');
    // A new ask, granted for 1 day, ends after 1 day.
    const again = await ask(agent, user, id);
    await user.client.post(`/api/me/support/requests/${id}/grants/${again}/grant`, {
      categories: ['weight'],
      days: 1,
    });
    expect((await readWeight(id)).statusCode).toBe(200);
    t.clock.advance(DAY);
    expect((await readWeight(id)).statusCode).toBe(403);
  });

  it('only the support role (or operator_admin) with a second factor passes the gate', async () => {
    const id = await openRequest(user);
    const privacyOfficer = await staffWith(t, ['privacy_officer']);
    const security = await staffWith(t, ['security']);
    const noFactor = await staffWith(t, ['support'], { secondFactor: false });
    const admin = await staffWith(t, ['operator_admin']);
    for (const who of [user, privacyOfficer, security, noFactor]) {
      for (const res of [
        await who.client.get('/api/admin/support/requests'),
        await who.client.get(adminPath(user, id)),
        await readWeight(id, who),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.body).not.toContain(user.user.email);
      }
    }
    expect((await admin.client.get(adminPath(user, id))).statusCode).toBe(200);
    // A role revoked is refused on the next request.
    const former = await staffWith(t, ['support']);
    expect((await former.client.get(adminPath(user, id))).statusCode).toBe(200);
    await createStaffService(t.app.ctx).revoke(former.user.id, 'support', 'cli');
    expect((await former.client.get(adminPath(user, id))).statusCode).toBe(403);
  });

  it('an unknown request, or one named with another user’s id, is 404; bad input is 400', async () => {
    const id = await openRequest(user);
    const someone = await createTestUser(t);
    expect((await agent.client.get(`/api/admin/support/requests/${someone.user.id}/${id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await agent.client.get(`/api/admin/support/requests/${user.user.id}/not-a-uuid`)).statusCode,
    ).toBe(400);
    for (const body of [
      {},
      { categories: [], reason: 'why not' },
      { categories: ['weight', 'weight'], reason: 'twice' },
      { categories: ['dna'], reason: 'no' },
      { categories: ['weight'], reason: '' },
    ]) {
      const res = await agent.client.post(`${adminPath(user, id)}/asks`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await agent.client.post(`${adminPath(user, id)}/messages`, { message: '' })).statusCode).toBe(
      400,
    );
    expect((await agent.client.get(`${adminPath(user, id)}/readings?metric=weight`)).statusCode).toBe(400);
  });

  it('staff actions are in the staff member’s own trail; erasing them clears their id from the request', async () => {
    const helper = await staffWith(t, ['support']);
    const id = await openRequest(user);
    await helper.client.post(`${adminPath(user, id)}/messages`, { message: 'On it.' });
    await ask(helper, user, id);
    await helper.client.post(`${adminPath(user, id)}/close`);
    expect(await auditActions(t, helper.user.id)).toEqual(
      expect.arrayContaining(['support_replied', 'support_access_asked', 'support_closed']),
    );
    const staffOnly = ['support_replied', 'support_access_asked', 'support_closed'];
    expect((await auditActions(t, user.user.id)).filter((a) => staffOnly.includes(a))).toEqual([]);
    const holding = async () => {
      const { rows } = await t.database.raw.query<{ n: number }>(
        `select (select count(*) from support_requests where assignee_id = $1)
              + (select count(*) from support_messages where staff_id = $1)
              + (select count(*) from support_grants where asked_by = $1) as n`,
        [helper.user.id],
      );
      return Number(rows[0]?.n);
    };
    expect(await holding()).toBe(3);
    await forgetUserInSupport(t.database.db, helper.user.id);
    expect(await holding()).toBe(0);
    const mine = await user.client.get(`/api/me/support/requests/${id}`);
    expect(mine.json().messages.map((m: { body: string }) => m.body)).toContain('On it.');
  });
});
