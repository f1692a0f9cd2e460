import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, syncKey } from './devices.test-support';
import { factoryKey } from './factory-key';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const emptySync = (firmware?: string) => ({ device: firmware ? { firmware } : undefined, items: [] });

describe('pairing', () => {
  it('pairs a unit with its claim code and answers a credential once, stored hashed', async () => {
    const { user, client } = await createTestUser(t);
    const unit = await makeUnit(t, 'vb-watch');
    const res = await client.post('/api/devices/pair', {
      serial: unit.serial,
      claimCode: unit.claimCode.toLowerCase(),
      wifiNetwork: 'Home-5G',
    });
    expect(res.statusCode).toBe(201);
    const { device, credential } = res.json();
    expect(credential).toMatch(new RegExp(`^vbd_${user.id}\\.${device.id}\\.[A-Za-z0-9_-]{40,}$`));
    expect(device).toMatchObject({
      kind: 'watch',
      modelId: 'vb-watch',
      status: 'paired',
      wifiNetwork: 'Home-5G',
    });
    expect(device.manufacturingId).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await t.database.raw.query<{ credential_hash: string }>(
      'SELECT credential_hash FROM devices WHERE user_id = $1',
      [user.id],
    );
    expect(rows[0]?.credential_hash).toBeTruthy();
    expect(credential).not.toContain(rows[0]!.credential_hash);
    const list = await client.get('/api/devices');
    expect(list.json().map((d: { id: string }) => d.id)).toEqual([device.id]);
    expect(JSON.stringify(list.json())).not.toContain(credential.split('.')[2]);
  });

  it('pairs by MAC address too, whatever its separators', async () => {
    const { client } = await createTestUser(t);
    const unit = await makeUnit(t, 'vb-bpm');
    const mac = unit.mac.replace(/:/g, '-').toUpperCase();
    const res = await client.post('/api/devices/pair', { mac, claimCode: unit.claimCode });
    expect(res.statusCode).toBe(201);
    expect(res.json().device.kind).toBe('bp_monitor');
  });

  it('refuses a wrong claim code and an unknown serial alike, and stores nothing', async () => {
    const { user, client } = await createTestUser(t);
    const unit = await makeUnit(t);
    const wrong = await client.post('/api/devices/pair', { serial: unit.serial, claimCode: 'ZZZZZZ' });
    const unknown = await client.post('/api/devices/pair', {
      serial: 'NO-SUCH-SERIAL',
      claimCode: unit.claimCode,
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('claim_invalid');
    }
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const { rows } = await t.database.raw.query('SELECT 1 FROM devices WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(0);
  });

  it('refuses a unit already paired (to someone else or to me) with 409', async () => {
    const a = await createTestUser(t);
    const b = await createTestUser(t);
    const unit = await makeUnit(t);
    await pairUnit(a.client, unit);
    for (const client of [b.client, a.client]) {
      const res = await client.post('/api/devices/pair', { serial: unit.serial, claimCode: unit.claimCode });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('device_already_paired');
    }
  });

  it('rejects malformed pairing input with the error format', async () => {
    const { client } = await createTestUser(t);
    for (const body of [
      {},
      { claimCode: 'ABC123' },
      { serial: 'X', mac: '00:11:22:33:44:55', claimCode: 'ABC123' },
      { mac: 'not-a-mac', claimCode: 'ABC123' },
      { serial: 'X', claimCode: 42 },
    ]) {
      const res = await client.post('/api/devices/pair', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
  });

  it('is closed to an account waiting for parental consent', async () => {
    const { client } = await createTestUser(t, { state: 'pending_parental_consent' });
    const unit = await makeUnit(t);
    const res = await client.post('/api/devices/pair', { serial: unit.serial, claimCode: unit.claimCode });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('parental_consent_pending');
  });

  it('needs a signed-in user, and refuses a device credential on user routes', async () => {
    const { client } = await createTestUser(t);
    const device = await pairUnit(client, await makeUnit(t));
    expect((await t.client().get('/api/devices')).statusCode).toBe(401);
    const asDevice = t.client().bearer(device.credential);
    expect((await asDevice.get('/api/devices')).statusCode).toBe(401);
    expect((await asDevice.get(`/api/devices/${device.id}`)).statusCode).toBe(401);
    expect((await asDevice.delete(`/api/devices/${device.id}`)).statusCode).toBe(401);
  });
});

describe("another user's device", () => {
  it('answers 404 to every route, and changes nothing', async () => {
    const owner = await createTestUser(t);
    const other = await createTestUser(t);
    const device = await pairUnit(owner.client, await makeUnit(t));
    const url = `/api/devices/${device.id}`;
    expect((await other.client.get(url)).statusCode).toBe(404);
    expect((await other.client.patch(url, { name: 'mine now' })).statusCode).toBe(404);
    expect((await other.client.delete(url)).statusCode).toBe(404);
    expect((await other.client.post(`${url}/credential`)).statusCode).toBe(404);
    expect((await other.client.get(`${url}/diagnostics`)).statusCode).toBe(404);
    const mine = await owner.client.get(url);
    expect(mine.json()).toMatchObject({ status: 'paired', name: 'Vitalbase Body Scale' });
    expect(
      (await deviceCall(t, device.credential, '/api/device/sync', emptySync(), syncKey())).statusCode,
    ).toBe(200);
  });

  it('answers 400 to a malformed id', async () => {
    const { client } = await createTestUser(t);
    expect((await client.get('/api/devices/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('credentials', () => {
  it('stops working at once on unpair; the unit can then be paired by a new owner with a new record', async () => {
    const first = await createTestUser(t);
    const unit = await makeUnit(t);
    const device = await pairUnit(first.client, unit);
    expect((await first.client.delete(`/api/devices/${device.id}`)).statusCode).toBe(204);
    const res = await deviceCall(t, device.credential, '/api/device/sync', emptySync(), syncKey());
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('device_unauthorized');
    const kept = await first.client.get(`/api/devices/${device.id}`);
    expect(kept.json()).toMatchObject({ status: 'unpaired' });

    const second = await createTestUser(t);
    const again = await pairUnit(second.client, unit);
    expect(again.id).not.toBe(device.id);
    expect(again.credential.split('.')[0]).toBe(`vbd_${second.user.id}`);
    expect((await second.client.get(`/api/devices/${device.id}`)).statusCode).toBe(404);
    expect(
      (await deviceCall(t, again.credential, '/api/device/sync', emptySync(), syncKey())).statusCode,
    ).toBe(200);
    expect(
      (await deviceCall(t, device.credential, '/api/device/sync', emptySync(), syncKey())).statusCode,
    ).toBe(401);
  });

  it('rotates: the new credential works, the old one is refused', async () => {
    const { client } = await createTestUser(t);
    const device = await pairUnit(client, await makeUnit(t));
    const res = await client.post(`/api/devices/${device.id}/credential`);
    expect(res.statusCode).toBe(200);
    const fresh = res.json().credential as string;
    expect(fresh).not.toBe(device.credential);
    expect((await deviceCall(t, fresh, '/api/device/sync', emptySync(), syncKey())).statusCode).toBe(200);
    expect(
      (await deviceCall(t, device.credential, '/api/device/sync', emptySync(), syncKey())).statusCode,
    ).toBe(401);
  });

  it('refuses a missing, forged or session credential on device routes', async () => {
    const { user, client } = await createTestUser(t);
    const device = await pairUnit(client, await makeUnit(t));
    const forged = `vbd_${user.id}.${device.id}.${'A'.repeat(43)}`;
    for (const credential of [forged, 'vbd_garbage', `vbp_${user.id}.${'x'.repeat(43)}`]) {
      const res = await deviceCall(t, credential, '/api/device/sync', emptySync(), syncKey());
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('device_unauthorized');
    }
    // No Authorization header at all: the app-wide CSRF check refuses the write before the route does.
    const bare = await deviceCall(t, undefined, '/api/device/sync', emptySync(), syncKey());
    expect([401, 403]).toContain(bare.statusCode);
    // A signed-in browser is not a device.
    const res = await client.post('/api/device/sync', emptySync(), {
      headers: { 'idempotency-key': syncKey() },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('firmware', () => {
  it('tells a device below the minimum to update, and one behind the latest that an update exists', async () => {
    const { client } = await createTestUser(t);
    const device = await pairUnit(client, await makeUnit(t, 'vb-scale-body', '1.4.2'));
    const old = await deviceCall(t, device.credential, '/api/device/sync', emptySync('1.4.2'), syncKey());
    expect(old.json().firmware).toEqual({
      current: '1.4.2',
      latest: '2.1.0',
      minimum: '2.0.0',
      updateAvailable: true,
      updateRequired: true,
      offer: null, // the catalog's versions have no file: nothing to fetch (operator-published ones do)
    });
    const mid = await deviceCall(t, device.credential, '/api/device/sync', emptySync('2.0.0'), syncKey());
    expect(mid.json().firmware).toMatchObject({ updateAvailable: true, updateRequired: false });
    const latest = await deviceCall(t, device.credential, '/api/device/sync', emptySync('2.1.0'), syncKey());
    expect(latest.json().firmware).toMatchObject({ updateAvailable: false, updateRequired: false });
    const view = await client.get(`/api/devices/${device.id}`);
    expect(view.json().firmware.current).toBe('2.1.0');
    expect(view.json().lastSyncAt).not.toBeNull();
    const bad = await deviceCall(t, device.credential, '/api/device/sync', emptySync('v2; drop'), syncKey());
    expect(bad.statusCode).toBe(400);
  });

  it('lists the models with what each may measure (a scale never blood pressure)', async () => {
    const res = await t.client().get('/api/device-models');
    const scale = res.json().find((m: { id: string }) => m.id === 'vb-scale-body');
    expect(scale.metrics).toContain('weight');
    expect(scale.metrics).not.toContain('systolic_bp');
    expect(scale.latestFirmware).toBe('2.1.0');
  });
});

describe('diagnostics', () => {
  it('keeps logs and battery readings for the owner, and updates the battery', async () => {
    const { client } = await createTestUser(t);
    const device = await pairUnit(client, await makeUnit(t, 'vb-air'));
    const res = await deviceCall(t, device.credential, '/api/device/diagnostics', {
      logs: [{ at: '2026-01-02T03:04:05+01:00', level: 'warn', message: 'wifi reconnect' }],
      battery: [
        { at: '2026-01-02T03:00:00+01:00', percent: 81 },
        { at: '2026-01-02T04:00:00+01:00', percent: 80 },
      ],
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: { logs: 1, battery: 2 } });
    const list = await client.get(`/api/devices/${device.id}/diagnostics`);
    expect(list.json()).toHaveLength(3);
    expect((await client.get(`/api/devices/${device.id}`)).json().battery).toBe(80);
    const bad = await deviceCall(t, device.credential, '/api/device/diagnostics', {
      battery: [{ at: '2026-01-02T03:00:00', percent: 140 }],
    });
    expect(bad.statusCode).toBe(400);
    expect((await client.get(`/api/devices/${device.id}/diagnostics`)).json()).toHaveLength(3);
  });
});

describe('factory registry', () => {
  it('needs the factory key', async () => {
    const { client } = await createTestUser(t);
    const payload = {
      units: [{ serial: 'F-1', mac: '00:11:22:33:44:99', modelId: 'vb-watch', claimCode: 'ABCD12' }],
    };
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/factory/units',
      payload,
      headers: { authorization: 'Bearer vbf_nope' },
    });
    expect(anon.statusCode).toBe(401);
    expect((await client.post('/api/factory/units', payload)).statusCode).toBe(401);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/factory/units',
      payload: { units: [{ ...payload.units[0], modelId: 'no-such-model' }] },
      headers: { authorization: `Bearer ${factoryKey(t.config.cookieSecret)}` },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('account erasure', () => {
  it('frees the units of an erased account so they can be paired again', async () => {
    const { forgetUserInDevices } = await import('./erasure');
    const gone = await createTestUser(t);
    const unit = await makeUnit(t);
    await pairUnit(gone.client, unit);
    await t.database.db.transaction(async (tx) => {
      await forgetUserInDevices(tx, gone.user.id);
      await tx.execute(sql`DELETE FROM devices WHERE user_id = ${gone.user.id}`);
    });
    const next = await createTestUser(t);
    const res = await next.client.post('/api/devices/pair', {
      serial: unit.serial,
      claimCode: unit.claimCode,
    });
    expect(res.statusCode).toBe(201);
  });
});
