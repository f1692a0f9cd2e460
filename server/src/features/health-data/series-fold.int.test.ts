import { bucketSizesSeconds, chooseBucketSeconds, downsample, localPeriods } from '@vitalbase/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { createHealthDataIngest } from './ingest.service';
import { fixedBuckets, periodBuckets, ScaledBuckets } from './scaled-buckets';
import { DAY_MS } from './series-codec';
import { foldSeries } from './series-fold';
import { createSeriesRepo } from './series.repo';
import { seriesPointsInRange } from './series-points';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const BASE = Date.UTC(2026, 2, 27);
const watch = { source: 'device' as const, deviceId: 'watch-fold', deviceKind: 'watch' as const };
const otherWatch = { source: 'device' as const, deviceId: 'watch-fold-2', deviceKind: 'watch' as const };

/** Metrics of each storage case: int16 points, decimals, int32 points (width 4). */
const cases = [
  { metric: 'heart_rate', unit: 'bpm', lo: 30, hi: 220, decimals: 0 },
  { metric: 'skin_temperature', unit: '°C', lo: 15, hi: 45, decimals: 2 },
  { metric: 'distance', unit: 'm', lo: 0, hi: 300_000, decimals: 1 },
] as const;

const series = fc.record({
  kind: fc.constantFrom(0, 1, 2),
  intervalSeconds: fc.constantFrom(1, 5, 16, 60, 300),
  /** Start in multiples of 5 minutes from BASE (a multiple of every interval but 16 s, fixed below). */
  startStep: fc.integer({ min: 0, max: 3 * 288 }),
  length: fc.integer({ min: 1, max: 1500 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  gapEvery: fc.integer({ min: 2, max: 50 }),
  second: fc.boolean(),
});

function valuesOf(c: (typeof cases)[number], length: number, seed: number, gapEvery: number) {
  let x = seed;
  const scale = 10 ** c.decimals;
  return Array.from({ length }, (_, i) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    if (i % gapEvery === gapEvery - 1) return null;
    return Math.round((c.lo + (x / 2147483648) * (c.hi - c.lo)) * scale) / scale;
  });
}

const arrays = (acc: ScaledBuckets) => ({
  count: [...acc.count],
  min: [...acc.min].map((v, i) => (acc.count[i] ? v : 0)),
  max: [...acc.max].map((v, i) => (acc.count[i] ? v : 0)),
  sum: [...acc.sum],
});

describe('series rollups', () => {
  it('give the same buckets as folding every point, for any range, bucket size and local periods', async () => {
    const repo = createSeriesRepo(t.database.db);
    const ingest = createHealthDataIngest(t.app.ctx);
    await fc.assert(
      fc.asyncProperty(
        fc.array(series, { minLength: 1, maxLength: 5 }),
        fc.record({
          fromMinute: fc.integer({ min: -60, max: 4 * 1440 }),
          /** Half the ranges start on a quarter hour (like the web app's), half anywhere. */
          aligned: fc.boolean(),
          offsetMs: fc.integer({ min: 1, max: 899_999 }),
          spanMinutes: fc.integer({ min: 1, max: 5 * 1440 }),
          size: fc.constantFrom(...bucketSizesSeconds.slice(0, 16)),
          zone: fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/St_Johns'),
        }),
        fc.constantFrom(0, 1, 2),
        async (items, q, caseIndex) => {
          const c = cases[caseIndex]!;
          const { user } = await createTestUser(t);
          for (const s of items) {
            const interval = s.intervalSeconds;
            const start = Math.floor((BASE + s.startStep * 300_000) / (interval * 1000)) * interval * 1000;
            const item = {
              kind: 'series',
              metric: c.metric,
              unit: c.unit,
              start: new Date(start).toISOString(),
              intervalSeconds: interval,
              values: valuesOf(c, s.length, s.seed, s.gapEvery),
            };
            const { results } = await ingest.ingest(user.id, s.second ? otherWatch : watch, [item]);
            expect(results[0]!.status).not.toBe('rejected');
          }
          const rawFrom = BASE + q.fromMinute * 60_000;
          const from = q.aligned ? Math.floor(rawFrom / 900_000) * 900_000 : rawFrom + q.offsetMs;
          const to = from + q.spanMinutes * 60_000;
          const bucketSeconds = Math.max(q.size, chooseBucketSeconds(from, to));
          const fold = async (index: ReturnType<typeof fixedBuckets>, useRollups: boolean) => {
            const acc = new ScaledBuckets(index.size);
            await foldSeries(repo, user.id, c.metric, { from, to }, index, acc, { useRollups });
            return acc;
          };
          const charts = fixedBuckets(from, to, bucketSeconds * 1000);
          const viaRollups = await fold(charts, true);
          const viaPoints = await fold(charts, false);
          expect(arrays(viaRollups)).toEqual(arrays(viaPoints));

          // The reference: every point as an object through core's downsample (the path before rollups).
          const points = await seriesPointsInRange(repo, user.id, c.metric, from, to);
          const scale = 10 ** c.decimals;
          const reference = downsample(points, from, to, bucketSeconds);
          const got = [...viaRollups.count.keys()].filter((b) => viaRollups.count[b]);
          expect(got.map((b) => from + b * bucketSeconds * 1000)).toEqual(reference.map((r) => r.start));
          reference.forEach((r, i) => {
            const b = got[i]!;
            expect(viaRollups.count[b]).toBe(r.count);
            expect(viaRollups.min[b]! / scale).toBe(r.min);
            expect(viaRollups.max[b]! / scale).toBe(r.max);
            expect(viaRollups.sum[b]! / scale / r.count).toBeCloseTo(r.mean, 6);
          });

          // Local days of a time zone (DST in Paris on 2026-03-29, half- and quarter-hour offsets).
          const fromDate = new Date(from - DAY_MS).toISOString().slice(0, 10);
          const toDate = new Date(to + DAY_MS).toISOString().slice(0, 10);
          const periods = periodBuckets(localPeriods(fromDate, toDate, 'day', q.zone));
          expect(arrays(await fold(periods, true))).toEqual(arrays(await fold(periods, false)));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
