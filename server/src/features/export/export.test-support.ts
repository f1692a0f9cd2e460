import { expect } from 'vitest';
import type { TestApp, TestUser } from '../../test/harness';
export { readZip } from '../../test/read-zip';
import { accessUserData } from '../access-log';
import { makeUnit, pairUnit } from '../devices/devices.test-support';
import { createHealthDataIngest } from '../health-data';

export const csvLines = (file: Buffer | undefined) =>
  (file?.toString('utf8') ?? '').split('\n').filter((line) => line.length > 0);

const ok = (res: { statusCode: number; body: string }, code: number) =>
  expect(res.statusCode, res.body).toBe(code);

/**
 * A user with some of everything the export covers: a paired scale, manual readings (one corrected,
 * one deleted), minute heart rate over two days, a night of sleep, a goal, consents, and a read of
 * their data by support through the access point.
 */
export async function seedAccount(t: TestApp, u: TestUser) {
  const now = t.clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const HOUR = 3600_000;
  await pairUnit(u.client, await makeUnit(t, 'vb-scale-body'));
  const reading = async (
    hoursAgo: number,
    measures: Array<{ metric: string; value: number; unit: string }>,
  ) => {
    const res = await u.client.post('/api/health-data/readings', {
      takenAt: iso(now - hoursAgo * HOUR)
        .replace('Z', '+02:00')
        .replace(/\.\d+\+/, '+'),
      measures,
    });
    ok(res, 201);
    return res.json() as { id: string };
  };
  const first = await reading(50, [{ metric: 'weight', value: 80.5, unit: 'kg' }]);
  await reading(26, [{ metric: 'weight', value: 80.1, unit: 'kg' }]);
  await reading(3, [
    { metric: 'systolic_bp', value: 128, unit: 'mmHg' },
    { metric: 'diastolic_bp', value: 82, unit: 'mmHg' },
  ]);
  const gone = await reading(2, [{ metric: 'weight', value: 99, unit: 'kg' }]);
  ok(
    await u.client.patch(`/api/health-data/readings/${first.id}`, {
      measures: [{ metric: 'weight', value: 80.4, unit: 'kg' }],
    }),
    200,
  );
  ok(
    await u.client.put(`/api/health-data/readings/${first.id}/note`, {
      note: 'After coffee, "before" the run',
      tags: ['travel', 'morning'],
    }),
    200,
  );
  ok(await u.client.put(`/api/health-data/readings/${gone.id}/note`, { note: 'gone with its reading' }), 200);
  ok(await u.client.delete(`/api/health-data/readings/${gone.id}`), 204);

  const ingest = createHealthDataIngest(t.app.ctx);
  const watch = { source: 'device' as const, deviceId: 'watch-1', deviceKind: 'watch' as const };
  const start = Math.floor((now - 2 * 24 * HOUR) / 60_000) * 60_000;
  const values = Array.from({ length: 36 * 60 }, (_, i) => (i % 97 === 5 ? null : 55 + (i % 40)));
  const stored = await ingest.ingest(u.user.id, watch, [
    { kind: 'series', metric: 'heart_rate', unit: 'bpm', start: iso(start), intervalSeconds: 60, values },
  ]);
  expect(stored.results[0], JSON.stringify(stored.results)).toMatchObject({ status: 'stored' });
  const sleep = { source: 'device' as const, deviceId: 'sleep-1', deviceKind: 'sleep_analyzer' as const };
  const night = now - 30 * HOUR;
  const slept = await ingest.ingest(u.user.id, sleep, [
    {
      kind: 'session',
      type: 'sleep',
      start: iso(night),
      end: iso(night + 7 * HOUR),
      stages: [
        { stage: 'light', start: iso(night), end: iso(night + 3 * HOUR) },
        { stage: 'deep', start: iso(night + 3 * HOUR), end: iso(night + 7 * HOUR) },
      ],
    },
  ]);
  expect(slept.results[0]!.status).toBe('stored');
  ok(await u.client.put('/api/me/goals/steps', { value: 9000 }), 200);
  ok(await u.client.put('/api/me/consents/marketing_email', { granted: true, wordingVersion: 1 }), 200);
  ok(await u.client.put('/api/me/consents/marketing_email', { granted: false, wordingVersion: 1 }), 200);
  ok(await u.client.put('/api/me/consents/product_improvement', { granted: true, wordingVersion: 1 }), 200);
  await accessUserData(
    t.app.ctx,
    {
      actor: { type: 'support', id: 'agent-7', name: 'Support' },
      userId: u.user.id,
      purpose: 'ticket 42',
      what: ['identity'],
    },
    async () => null,
  );
  return { heartRatePoints: values.filter((v) => v !== null).length };
}
