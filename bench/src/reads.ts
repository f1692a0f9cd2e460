import autocannon from 'autocannon';
import { createHealthDataIngest } from '../../server/src/features/health-data/ingest.service';
import { chunkRange, heartRateItems, pastDays, stepsItems, weighInItems } from './data';
import type { BenchApp, BenchDevice } from './setup';
import { createUsers } from './setup';
import type { Sizes } from './sizes';

export interface ReadResult {
  name: string;
  path: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests that got no answer in time (or failed at the socket). */
  timeouts: number;
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Loads the heavy reader through the ingest service (the code the sync route calls, without HTTP and
 * its per-device rate limit): minute-level heart rate, minute-level steps, morning weigh-ins.
 */
export async function loadHeavyUser(
  b: BenchApp,
  sizes: Pick<Sizes, 'heartRateDays' | 'stepsDays' | 'weighInDays'>,
) {
  const [user] = await createUsers(b, 1);
  const watch: BenchDevice = await user!.pair('vb-watch');
  const scale: BenchDevice = await user!.pair('vb-scale-body');
  const ingest = createHealthDataIngest({ database: b.database, now: () => new Date() });
  const store = async (device: BenchDevice, kind: 'watch' | 'scale', items: unknown[]) => {
    const { results } = await ingest.ingest(
      user!.id,
      { source: 'device', deviceId: device.id, deviceKind: kind },
      items,
    );
    const bad = results.find((r) => r.status !== 'stored');
    if (bad) throw new Error(`loading the heavy user: ${JSON.stringify(bad).slice(0, 300)}`);
  };
  // Index 99: a person of its own, not one of the ingest devices.
  for (const r of chunkRange(pastDays(sizes.heartRateDays), 30))
    await store(watch, 'watch', heartRateItems(99, r));
  for (const r of chunkRange(pastDays(sizes.stepsDays), 30)) await store(watch, 'watch', stepsItems(99, r));
  for (const r of chunkRange(pastDays(sizes.weighInDays), 365))
    await store(scale, 'scale', weighInItems(99, r));
  return user!;
}

/** The charts a browser asks for, cheapest first (also the workers bench's, bench/src/workers.ts). */
export function readEndpoints(sizes: Pick<Sizes, 'heartRateDays' | 'stepsDays'>) {
  const now = Date.now();
  const hour = Math.ceil(now / 3_600_000) * 3_600_000;
  const base = '/api/health-data';
  // The aggregates API answers at most 3 years per request; five years would be two requests.
  const aggregateDays = Math.min(sizes.stepsDays, 3 * 365);
  return [
    {
      name: 'latest 30 days of readings (weight)',
      path: `${base}/readings?metric=weight&from=${new Date(now - 30 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`,
    },
    {
      name: `heart rate chart, ${sizes.heartRateDays} d of minutes → ≤ 2,000 buckets`,
      // Ends on a whole hour, as the web app's chart windows do (web/src/features/health/chart-data.ts):
      // its buckets then hold whole 15-minute rollup cells (series-rollup.ts).
      path: `${base}/timeseries?metric=heart_rate&from=${new Date(hour - sizes.heartRateDays * DAY_MS).toISOString()}&to=${new Date(hour).toISOString()}`,
    },
    {
      name: `daily aggregates of steps, ${aggregateDays} d`,
      path: `${base}/aggregates?metric=steps&period=day&from=${isoDate(now - aggregateDays * DAY_MS)}&to=${isoDate(now - DAY_MS)}`,
    },
  ];
}

/** Workload 3: the charts a browser asks for, at `connections` concurrent connections (autocannon). */
export async function runReads(b: BenchApp, sizes: Sizes): Promise<ReadResult[]> {
  const user = await loadHeavyUser(b, sizes);
  const endpoints = readEndpoints(sizes);
  const idleMs = await timeProbe(b.baseUrl, user.cookie);
  const results: ReadResult[] = [];
  for (const e of endpoints) {
    // One request first: a wrong answer stops the suite instead of being measured.
    const check = await fetch(b.baseUrl + e.path, { headers: { cookie: user.cookie } });
    if (check.status !== 200)
      throw new Error(`${e.name} answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
    await check.arrayBuffer();
    const r = await autocannon({
      url: b.baseUrl + e.path,
      connections: sizes.connections,
      duration: sizes.readSeconds,
      headers: { cookie: user.cookie },
      // Slow answers are a figure, not a failure: only wrong answers stop the suite.
      timeout: 120,
    });
    if (r.non2xx > 0) throw new Error(`${e.name}: ${r.non2xx} non-2xx answers`);
    await drain(b.baseUrl, user.cookie, idleMs);
    results.push({
      name: e.name,
      path: e.path.split('?')[0]!,
      connections: sizes.connections,
      requests: r.requests.total,
      requestsPerSecond: r.requests.total / sizes.readSeconds,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      timeouts: r.timeouts + r.errors,
    });
  }
  return results;
}

const PROBE = '/api/health-data/latest';

async function timeProbe(baseUrl: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(baseUrl + PROBE, { headers: { cookie } });
  await res.arrayBuffer();
  return performance.now() - t0;
}

/**
 * Requests autocannon gave up on at the end keep running in the server (PGlite queues their queries on
 * its one connection): wait until a small request is about as fast as on the idle server again, so the
 * next endpoint is not measured behind the previous one's leftovers.
 */
async function drain(baseUrl: string, cookie: string, idleMs: number) {
  const deadline = performance.now() + 180_000;
  while (performance.now() < deadline) {
    if ((await timeProbe(baseUrl, cookie)) <= Math.max(3 * idleMs, 50)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
