import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { deviceJobs, purgeDeviceTechnicalData } from './devices.jobs';
import { deviceCall, makeUnit, pairUnit, syncKey } from './devices.test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const count = async (table: string, userId: string) =>
  Number(
    (
      await t.database.raw.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE user_id = $1`, [
        userId,
      ])
    ).rows[0]!.n,
  );

describe('device technical data retention', () => {
  it('purges diagnostics after 90 days and idempotency keys after 30, keeping newer ones', async () => {
    const { user, client } = await createTestUser(t);
    const device = await pairUnit(client, await makeUnit(t, 'vb-air'));
    const upload = () =>
      deviceCall(t, device.credential, '/api/device/diagnostics', {
        logs: [{ at: '2026-01-01T00:00:00+00:00', level: 'info', message: 'boot' }],
      });
    await upload();
    await deviceCall(t, device.credential, '/api/device/sync', { items: [] }, syncKey());
    t.clock.advance(31 * 86_400_000);
    expect(await purgeDeviceTechnicalData(t.app.ctx)).toMatchObject({ diagnostics: 0 });
    expect(await count('device_sync_requests', user.id)).toBe(0);
    expect(await count('device_diagnostics', user.id)).toBe(1);
    t.clock.advance(60 * 86_400_000);
    await upload();
    const job = deviceJobs.find((j) => j.name === 'devices.purge-technical-data')!;
    expect(job.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    await job.run(t.app.ctx, {});
    expect(await count('device_diagnostics', user.id)).toBe(1);
  });
});
