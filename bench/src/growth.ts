import { createHealthDataIngest } from '../../server/src/features/health-data/ingest.service';
import { chunkRange, heartRateItems, pastDays, pointCount, watchItems } from './data';
import { type BenchApp, createUsers } from './setup';
import type { Sizes } from './sizes';
import { percentile, since } from './stats';

interface GrowthStep {
  scale: number;
  /** Days of minute heart rate and steps the user holds once the step is ingested. */
  days: number;
  /** Ingest of `growthBaseDays` more days (older ones) on top of the data already held. */
  ingestPoints: number;
  ingestUsPerPoint: number;
  /** The chart of the latest `growthBaseDays` days of heart rate: the same points at every scale. */
  readPoints: number;
  readMedianMs: number;
  readNsPerPoint: number;
}

export interface GrowthResult {
  baseDays: number;
  steps: GrowthStep[];
  /** Largest deviation from the 1× cost per point, over the other scales (goal within ±20 %). */
  ingestDeviation: number;
  readDeviation: number;
}

const PERSON = 98;
const READS = 15;
/** JIT and connection warm-up: the first scale measured cold cost up to 3× more per point. */
const WARM_UP_DAYS = 10;

/**
 * Workload 6: one user's minute heart rate and steps grow to 1×, 10×, 100× `growthBaseDays` days. At
 * each scale, the same amount of data is ingested (the ingest service, one day per call as a sync) on
 * top of what is held, and the same chart (the latest days) is read; both are divided by their points.
 */
export async function runGrowth(b: BenchApp, sizes: Sizes): Promise<GrowthResult> {
  const [user, warmUser] = await createUsers(b, 2);
  const watch = await user!.pair('vb-watch');
  const warmWatch = await warmUser!.pair('vb-watch');
  const ingest = createHealthDataIngest({ database: b.database, now: () => new Date() });
  const storeFor = (userId: string, deviceId: string) => async (items: unknown[]) => {
    const { results } = await ingest.ingest(
      userId,
      { source: 'device', deviceId, deviceKind: 'watch' },
      items,
    );
    const bad = results.find((r) => r.status !== 'stored');
    if (bad) throw new Error(`growth: ${JSON.stringify(bad).slice(0, 300)}`);
  };
  const store = storeFor(user!.id, watch.id);
  const base = sizes.growthBaseDays;
  // The chart's window: the latest `base` whole local days, loaded first and never again.
  const latest = pastDays(base);
  const readPoints = pointCount(heartRateItems(PERSON, latest));
  const from = new Date(latest.startMs).toISOString();
  const to = new Date(latest.startMs + latest.days * 86_400_000).toISOString();
  const chart = `/api/health-data/timeseries?metric=heart_rate&from=${from}&to=${to}`;

  // Warm-up on another user, the same code paths: 1× must not pay for the first calls.
  const warmStore = storeFor(warmUser!.id, warmWatch.id);
  for (const r of chunkRange(pastDays(WARM_UP_DAYS), 1)) await warmStore(watchItems(PERSON, r));
  for (let i = 0; i < WARM_UP_DAYS; i++)
    await (await fetch(b.baseUrl + chart, { headers: { cookie: warmUser!.cookie } })).arrayBuffer();

  const steps: GrowthStep[] = [];
  let held = 0;
  for (const scale of sizes.growthScales) {
    // Fill (not timed) up to one step below the scale, older than what is held.
    const fill = scale * base - base - held;
    if (fill < 0) throw new Error('growth: scales must grow');
    for (const r of chunkRange(pastDays(fill, 1 + held), 30)) await store(watchItems(PERSON, r));
    held += fill;
    // The timed step: `base` more days, one day per call.
    let ingestPoints = 0;
    const t0 = performance.now();
    for (const r of chunkRange(pastDays(base, 1 + held), 1)) {
      const items = watchItems(PERSON, r);
      ingestPoints += pointCount(items);
      await store(items);
    }
    const ingestMs = since(t0);
    held += base;

    const reads: number[] = [];
    for (let i = 0; i < READS; i++) {
      const t1 = performance.now();
      const res = await fetch(b.baseUrl + chart, { headers: { cookie: user!.cookie } });
      const body = (await res.json()) as { buckets?: Array<{ count: number }> };
      reads.push(since(t1));
      const counted = body.buckets?.reduce((n, x) => n + x.count, 0);
      if (res.status !== 200 || counted !== readPoints)
        throw new Error(`growth: the chart answered ${res.status} with ${counted} of ${readPoints} points`);
    }
    const readMedianMs = percentile(reads, 50);
    steps.push({
      scale,
      days: held,
      ingestPoints,
      ingestUsPerPoint: (ingestMs * 1000) / ingestPoints,
      readPoints,
      readMedianMs,
      readNsPerPoint: (readMedianMs * 1e6) / readPoints,
    });
  }
  const deviation = (f: (s: GrowthStep) => number) =>
    Math.max(...steps.map((s) => Math.abs(f(s) / f(steps[0]!) - 1)));
  return {
    baseDays: base,
    steps,
    ingestDeviation: deviation((s) => s.ingestUsPerPoint),
    readDeviation: deviation((s) => s.readNsPerPoint),
  };
}
