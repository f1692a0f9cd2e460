import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp, type TestUser } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from '../devices/devices.test-support';
import { createStaffMember } from '../operator/operator.test-support';
import { createMaintenanceService } from './maintenance.service';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createStaffMember(t, ['operator_admin']);
});
afterAll(() => t?.close());

const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
const schedule = (startsIn: number, lasts: number, extra: object = {}) =>
  admin.client.post('/api/admin/maintenance', {
    startsAt: at(startsIn),
    endsAt: at(startsIn + lasts),
    messageEn: 'Database upgrade.',
    messageFr: 'Mise à jour de la base de données.',
    ...extra,
  });

describe('maintenance windows (P23)', () => {
  it('announces from N days before, answers writes 503 with Retry-After during the window, keeps reads', async () => {
    const user = await createTestUser(t);
    const device = await pairUnit(user.client, await makeUnit(t));
    const created = await schedule(10 * DAY, 2 * HOUR);
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();

    // Not announced yet (the default notice is 7 days), then on the banner's list.
    expect((await t.app.inject({ url: '/api/maintenance' })).json().windows).toEqual([]);
    t.clock.advance(4 * DAY);
    const banner = (await t.app.inject({ url: '/api/maintenance' })).json().windows;
    expect(banner).toMatchObject([{ id, active: false, messageFr: 'Mise à jour de la base de données.' }]);

    // Over an hour: every account is mailed once, however often the job runs.
    const maintenance = createMaintenanceService(t.app.ctx);
    await maintenance.mailAnnounced();
    await maintenance.mailAnnounced();
    expect(
      t.smtp.messages.filter((m) => m.to.includes(user.user.email) && /maintenance/.test(m.subject)),
    ).toHaveLength(1);

    t.clock.advance(6 * DAY + HOUR); // an hour into the window
    const write = await user.client.put('/api/me/goals/steps', { value: 8000 });
    expect(write.statusCode).toBe(503);
    expect(write.json().error.code).toBe('maintenance');
    // The window ends an hour from now (a second less once the request's own milliseconds have passed).
    const retryAfter = Number(write.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(3590);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await user.client.get('/api/me/goals')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/maintenance' })).json().windows[0].active).toBe(true);

    // A device's sync waits too, and the same batch (same key) is stored once the window is over.
    const key = syncKey();
    const batch = { items: [weighIn(at(-HOUR), 71.2)] };
    const refused = await deviceCall(t, device.credential, '/api/device/sync', batch, key);
    expect(refused.statusCode).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(3590);
    t.clock.advance(HOUR + 1000);
    const retried = await deviceCall(t, device.credential, '/api/device/sync', batch, key);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().summary.stored).toBe(1);
    expect((await user.client.put('/api/me/goals/steps', { value: 8000 })).statusCode).toBe(200);
  });

  it('does not mail a short window, and a cancelled window stops the 503 at once', async () => {
    const user = await createTestUser(t);
    const created = await schedule(HOUR, HOUR, { noticeDays: 1 });
    const { id } = created.json();
    await createMaintenanceService(t.app.ctx).mailAnnounced();
    expect(t.smtp.messages.filter((m) => m.to.includes(user.user.email))).toHaveLength(0);
    t.clock.advance(HOUR + 60_000);
    expect((await user.client.put('/api/me/goals/steps', { value: 8000 })).statusCode).toBe(503);
    // The operator can still end it early: the console's maintenance routes stay writable.
    expect((await admin.client.delete(`/api/admin/maintenance/${id}`)).statusCode).toBe(204);
    expect((await user.client.put('/api/me/goals/steps', { value: 8000 })).statusCode).toBe(200);
    const list = (await admin.client.get('/api/admin/maintenance')).json().windows;
    expect(list.find((w: { id: string }) => w.id === id).cancelledAt).not.toBeNull();
  });

  it('refuses a window that ends before it starts, or is over, and non-admins', async () => {
    const backwards = await admin.client.post('/api/admin/maintenance', {
      startsAt: at(2 * HOUR),
      endsAt: at(HOUR),
      messageEn: 'x',
      messageFr: 'x',
    });
    expect(backwards.statusCode).toBe(400);
    expect((await schedule(-3 * HOUR, HOUR)).statusCode).toBe(400);
    const officer = await createStaffMember(t, ['privacy_officer']);
    const refused = await officer.client.post('/api/admin/maintenance', {
      startsAt: at(HOUR),
      endsAt: at(2 * HOUR),
      messageEn: 'x',
      messageFr: 'x',
    });
    expect(refused.statusCode).toBe(403);
  });

  it("mails each account in its language, with the operator's message in that language only", async () => {
    const marie = await createTestUser(t, { locale: 'fr', timeZone: 'Europe/Paris' });
    const alice = await createTestUser(t, { locale: 'en' });
    const created = await schedule(3 * DAY, 3 * HOUR);
    expect(created.statusCode, created.body).toBe(201);
    await createMaintenanceService(t.app.ctx).mailAnnounced();
    const fr = await t.smtp.waitFor(marie.user.email, { subject: /maintenance programmée/ });
    expect(fr.subject).toBe('Vitalbase\u00a0: maintenance programmée');
    expect(fr.text).toMatch(
      /Vitalbase sera en maintenance du \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} \(Europe\/Paris\)/u,
    );
    expect(fr.text).toContain('Mise à jour de la base de données.');
    expect(fr.text).not.toContain('Database upgrade.');
    const en = await t.smtp.waitFor(alice.user.email, { subject: /scheduled maintenance/ });
    expect(en.text).toContain('Database upgrade.');
    expect(en.text).not.toContain('Mise à jour');
    expect((await admin.client.delete(`/api/admin/maintenance/${created.json().id}`)).statusCode).toBe(204);
  });
});
