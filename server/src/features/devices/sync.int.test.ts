import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { deviceCall, makeUnit, pairUnit, syncKey, weighIn } from './devices.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function countReadings(userId: string): Promise<number> {
  const { rows } = await t.database.raw.query<{ n: string }>(
    'SELECT count(*) AS n FROM health_readings WHERE user_id = $1 AND deleted_at IS NULL',
    [userId],
  );
  return Number(rows[0]!.n);
}

function hoursAgo(h: number): string {
  const d = new Date(t.clock.now().getTime() - h * 3600_000);
  return d.toISOString().replace('Z', '+00:00');
}

async function pairedScale() {
  const owner = await createTestUser(t);
  const device = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
  return { owner, device };
}

describe('POST /api/device/sync', () => {
  it('stores a batch and answers each item, after commit', async () => {
    const { owner, device } = await pairedScale();
    const res = await deviceCall(
      t,
      device.credential,
      '/api/device/sync',
      {
        device: { firmware: '2.1.0', battery: 77, wifiNetwork: 'Home' },
        items: [
          weighIn(hoursAgo(30), 80.2),
          weighIn(hoursAgo(6), 80.0, [{ metric: 'fat_ratio', value: 21.5, unit: '%' }]),
        ],
      },
      syncKey(),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toEqual({ stored: 2, duplicate: 0, rejected: 0, pendingAttribution: 0 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
    expect(Date.parse(body.receivedAt)).toBeGreaterThan(0);
    expect(await countReadings(owner.user.id)).toBe(2);
    const view = (await owner.client.get(`/api/devices/${device.id}`)).json();
    expect(view).toMatchObject({ battery: 77, wifiNetwork: 'Home' });
  });

  it('refuses a wrong secret or an unpaired device with 401 and takes no key: the right device stores with it', async () => {
    const { owner, device } = await pairedScale();
    const key = syncKey();
    const payload = { items: [weighIn(hoursAgo(2), 72.4)] };
    // The device's ids with another secret: the key's claim is in the same statement as the device read.
    const forged = device.credential.replace(/\.[^.]+$/, `.${'x'.repeat(43)}`);
    const refused = await deviceCall(t, forged, '/api/device/sync', payload, key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('device_unauthorized');
    const tooMany = { items: Array.from({ length: 5001 }, () => weighIn(hoursAgo(2), 72.4)) };
    expect((await deviceCall(t, forged, '/api/device/sync', tooMany, syncKey())).statusCode).toBe(401);
    const stored = await deviceCall(t, device.credential, '/api/device/sync', payload, key);
    expect(stored.statusCode).toBe(200);
    expect(stored.headers['idempotent-replayed']).toBeUndefined();
    expect(stored.json().summary.stored).toBe(1);
    expect(await countReadings(owner.user.id)).toBe(1);

    expect((await owner.client.delete(`/api/devices/${device.id}`)).statusCode).toBeLessThan(300);
    const after = await deviceCall(t, device.credential, '/api/device/sync', payload, syncKey());
    expect(after.statusCode).toBe(401);
    expect(await countReadings(owner.user.id)).toBe(1);
  });

  it("marks the owner's account used (P21) in the sync's final statement, at most once a day", async () => {
    const lastActive = async (userId: string) => {
      const { rows } = await t.database.raw.query<{ at: Date }>(
        'SELECT last_active_at AS at FROM users WHERE id = $1',
        [userId],
      );
      return new Date(rows[0]!.at).getTime();
    };
    const twoDaysAgo = new Date(t.clock.now().getTime() - 2 * 86_400_000);
    const owner = await createTestUser(t);
    const device = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
    await t.database.raw.query('UPDATE users SET last_active_at = $2 WHERE id = $1', [
      owner.user.id,
      twoDaysAgo,
    ]);
    const sync = (h: number) =>
      deviceCall(t, device.credential, '/api/device/sync', { items: [weighIn(hoursAgo(h), 70)] }, syncKey());
    const before = t.clock.now().getTime();
    expect((await sync(3)).statusCode).toBe(200);
    const marked = await lastActive(owner.user.id);
    expect(marked).toBeGreaterThanOrEqual(before);
    expect(marked).toBeLessThanOrEqual(t.clock.now().getTime());
    t.clock.advance(3_600_000);
    expect((await sync(2)).statusCode).toBe(200);
    // Within the day: not written again.
    expect(await lastActive(owner.user.id)).toBe(marked);
  });

  it('answers the same key again with the same answer and stores nothing new', async () => {
    const { owner, device } = await pairedScale();
    const key = syncKey();
    const payload = { items: [weighIn(hoursAgo(2), 71.3)] };
    const first = await deviceCall(t, device.credential, '/api/device/sync', payload, key);
    const again = await deviceCall(t, device.credential, '/api/device/sync', payload, key);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countReadings(owner.user.id)).toBe(1);
    // The key may also travel in the body; the same content under the same key is the same request.
    const viaBody = await deviceCall(t, device.credential, '/api/device/sync', {
      ...payload,
      idempotencyKey: key,
    });
    expect(viaBody.json()).toEqual(first.json());
  });

  it('answers 409 to the same key with a different body, and stores nothing', async () => {
    const { owner, device } = await pairedScale();
    const key = syncKey();
    await deviceCall(t, device.credential, '/api/device/sync', { items: [weighIn(hoursAgo(2), 71.3)] }, key);
    const other = await deviceCall(
      t,
      device.credential,
      '/api/device/sync',
      { items: [weighIn(hoursAgo(1), 72)] },
      key,
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(await countReadings(owner.user.id)).toBe(1);
  });

  it('keys are per device: another device may use the same key', async () => {
    const { owner, device } = await pairedScale();
    const second = await pairUnit(owner.client, await makeUnit(t, 'vb-scale-body'));
    const key = syncKey();
    await deviceCall(t, device.credential, '/api/device/sync', { items: [weighIn(hoursAgo(3), 70)] }, key);
    const res = await deviceCall(
      t,
      second.credential,
      '/api/device/sync',
      { items: [weighIn(hoursAgo(2), 70.1)] },
      key,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().summary.stored).toBe(1);
  });

  it('lists failing items one by one and stores the valid ones', async () => {
    const { owner, device } = await pairedScale();
    const items = [
      weighIn(hoursAgo(5), 79.5),
      weighIn(hoursAgo(4), 2000),
      { kind: 'reading', takenAt: hoursAgo(3), measures: [{ metric: 'weight', value: 'heavy', unit: 'kg' }] },
      weighIn(hoursAgo(3), 0),
      {
        kind: 'reading',
        takenAt: '1850-01-01T00:00:00+00:00',
        measures: [{ metric: 'weight', value: 80, unit: 'kg' }],
      },
      {
        kind: 'reading',
        takenAt: hoursAgo(2),
        measures: [{ metric: 'weight', value: 80, unit: 'furlongs' }],
      },
      {
        kind: 'reading',
        takenAt: hoursAgo(2),
        measures: [{ metric: 'no_such_metric', value: 1, unit: 'kg' }],
      },
      weighIn(hoursAgo(1), 79.8),
      'not an item',
    ];
    const res = await deviceCall(t, device.credential, '/api/device/sync', { items }, syncKey());
    expect(res.statusCode).toBe(200);
    const statuses = res.json().results.map((r: { status: string }) => r.status);
    expect(statuses).toEqual([
      'stored',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'stored',
      'rejected',
    ]);
    for (const r of res.json().results.filter((x: { status: string }) => x.status === 'rejected')) {
      expect(r.errors.length).toBeGreaterThan(0);
      // As a whole number: a random id in the text may hold the digits.
      expect(JSON.stringify(r.errors)).not.toMatch(/\b2000\b/);
    }
    expect(await countReadings(owner.user.id)).toBe(2);
  });

  it('rejects, per item, a metric the device kind cannot produce (a scale sends no blood pressure)', async () => {
    const { owner, device } = await pairedScale();
    const bp = {
      kind: 'reading',
      takenAt: hoursAgo(2),
      measures: [
        { metric: 'systolic_bp', value: 120, unit: 'mmHg' },
        { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
      ],
    };
    const res = await deviceCall(
      t,
      device.credential,
      '/api/device/sync',
      { items: [bp, weighIn(hoursAgo(1), 75)] },
      syncKey(),
    );
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'stored']);
    expect(await countReadings(owner.user.id)).toBe(1);
  });

  it('accepts a late sync of days offline, and duplicates of what it already stored are not stored twice', async () => {
    const { owner, device } = await pairedScale();
    const week = [6, 5, 4, 3, 2, 1].map((d) => weighIn(hoursAgo(d * 24 + 1), 80 - d * 0.1));
    const res = await deviceCall(t, device.credential, '/api/device/sync', { items: week }, syncKey());
    expect(res.json().summary.stored).toBe(6);
    const resent = await deviceCall(
      t,
      device.credential,
      '/api/device/sync',
      { items: week.slice(3) },
      syncKey(),
    );
    expect(resent.json().summary).toMatchObject({ stored: 0, duplicate: 3 });
    expect(await countReadings(owner.user.id)).toBe(6);
  });

  it('refuses a batch over the documented size with 413, and stores nothing', async () => {
    const { owner, device } = await pairedScale();
    const many = Array.from({ length: 5001 }, (_, i) => weighIn(hoursAgo(1 + i / 100), 80));
    const tooMany = await deviceCall(t, device.credential, '/api/device/sync', { items: many }, syncKey());
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error.code).toBe('payload_too_large');
    const huge = {
      items: [{ kind: 'reading', takenAt: hoursAgo(1), measures: [], pad: 'x'.repeat(2.1 * 1024 * 1024) }],
    };
    const tooBig = await deviceCall(t, device.credential, '/api/device/sync', huge, syncKey());
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('payload_too_large');
    expect(await countReadings(owner.user.id)).toBe(0);
  });

  it('answers bad requests with the error format: no key, malformed key, malformed JSON, no items', async () => {
    const { device } = await pairedScale();
    const noKey = await deviceCall(t, device.credential, '/api/device/sync', { items: [] });
    expect(noKey.statusCode).toBe(400);
    const badKey = await deviceCall(t, device.credential, '/api/device/sync', { items: [] }, 'a b');
    expect(badKey.statusCode).toBe(400);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/device/sync',
      headers: {
        authorization: `Bearer ${device.credential}`,
        'content-type': 'application/json',
        'idempotency-key': syncKey(),
      },
      payload: '{"items": [',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
    const noItems = await deviceCall(t, device.credential, '/api/device/sync', { device: {} }, syncKey());
    expect(noItems.statusCode).toBe(400);
    expect(noItems.json().error.code).toBe('invalid_input');
  });

  it('writes only into its own account', async () => {
    const { owner, device } = await pairedScale();
    const other = await createTestUser(t);
    await deviceCall(
      t,
      device.credential,
      '/api/device/sync',
      { items: [weighIn(hoursAgo(1), 66)] },
      syncKey(),
    );
    expect(await countReadings(owner.user.id)).toBe(1);
    expect(await countReadings(other.user.id)).toBe(0);
  });
});

describe('generated batches (property)', () => {
  it('stores exactly the valid items of any mix, and rejects exactly the others', async () => {
    const { owner, device } = await pairedScale();
    let expected = 0;
    let minute = 0;
    const valid = fc.double({ min: 20, max: 200, noNaN: true }).map((kg) => ({ ok: true, kg }));
    const invalid = fc.constantFrom(0, -5, 2000, 1e9).map((kg) => ({ ok: false, kg }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(valid, invalid), { minLength: 1, maxLength: 20 }), async (mix) => {
        // Distinct times, so no two valid items are duplicates of each other.
        const items = mix.map((m) => weighIn(hoursAgo(200 - (minute++ % 10_000) / 60), m.kg));
        const res = await deviceCall(t, device.credential, '/api/device/sync', { items }, syncKey());
        expect(res.statusCode).toBe(200);
        const statuses = res.json().results.map((r: { status: string }) => r.status);
        expect(statuses).toEqual(mix.map((m) => (m.ok ? 'stored' : 'rejected')));
        expected += mix.filter((m) => m.ok).length;
        expect(await countReadings(owner.user.id)).toBe(expected);
      }),
      { numRuns: 12 },
    );
  });
});

describe('OpenAPI', () => {
  it('documents the device sync API', async () => {
    const doc = (await t.client().get('/docs/json')).json();
    expect(doc.paths['/api/device/sync'].post.summary).toMatch(/batch/);
    expect(doc.paths['/api/devices/pair']).toBeDefined();
  });
});
