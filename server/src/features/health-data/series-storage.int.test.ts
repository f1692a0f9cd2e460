import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** A realistic day of a watch and an air-quality sensor: circadian heart rate, steps by day, gaps. */
function dayOfData(day: number) {
  const start = new Date(Date.UTC(2026, 3, 1 + day)).toISOString();
  const minute = (f: (m: number) => number | null) => Array.from({ length: 1440 }, (_, m) => f(m));
  const asleep = (m: number) => m < 7 * 60 || m >= 23 * 60;
  const gap = (m: number) => m % 331 < 7; // the watch off the wrist now and then
  return [
    {
      kind: 'series',
      metric: 'heart_rate',
      unit: 'bpm',
      start,
      intervalSeconds: 60,
      values: minute((m) =>
        gap(m) ? null : Math.round(62 + 14 * Math.sin((m / 1440) * 2 * Math.PI - 2) + ((m * 7 + day) % 9)),
      ),
    },
    {
      kind: 'series',
      metric: 'steps',
      unit: 'steps',
      start,
      intervalSeconds: 60,
      values: minute((m) => (gap(m) ? null : asleep(m) ? 0 : (m * 13 + day) % 120)),
    },
    {
      kind: 'series',
      metric: 'spo2',
      unit: '%',
      start,
      intervalSeconds: 60,
      values: minute((m) => (asleep(m) ? 95 + ((m + day) % 40) / 10 : null)),
    },
  ];
}

describe('series storage format', () => {
  it('keeps at most 4 bytes per stored point at rest, indexes and TOAST included', async () => {
    const { user } = await createTestUser(t);
    const ingest = createHealthDataIngest(t.app.ctx);
    const watch = { source: 'device' as const, deviceId: 'watch-storage', deviceKind: 'watch' as const };
    for (let day = 0; day < 60; day++) {
      const { results } = await ingest.ingest(user.id, watch, dayOfData(day));
      expect(results.every((r) => r.status === 'stored')).toBe(true);
    }
    const noise = { source: 'device' as const, deviceId: 'air-1', deviceKind: 'air_quality' as const };
    for (let day = 0; day < 60; day++) {
      const start = new Date(Date.UTC(2026, 3, 1 + day)).toISOString();
      const values = Array.from({ length: 1440 }, (_, m) => 30 + ((m * 17 + day) % 300) / 10);
      await ingest.ingest(user.id, noise, [
        { kind: 'series', metric: 'noise', unit: 'dB', start, intervalSeconds: 60, values },
      ]);
    }
    const { rows } = await t.database.raw.query<{ bytes: string; points: string }>(
      `SELECT pg_total_relation_size('health_series_days')::text AS bytes, sum(point_count)::text AS points FROM health_series_days`,
    );
    const bytes = Number(rows[0]!.bytes);
    const points = Number(rows[0]!.points);
    expect(points).toBeGreaterThan(200_000);
    const perPoint = bytes / points;
    console.info(
      `series storage: ${bytes} bytes for ${points} points = ${perPoint.toFixed(2)} bytes/point (${t.database.engine})`,
    );
    expect(perPoint).toBeLessThanOrEqual(4);
  });
});
