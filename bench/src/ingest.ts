import { randomBytes } from 'node:crypto';
import { chunkRange, pastDays, pointCount, watchItems } from './data';
import type { BenchApp, BenchDevice } from './setup';
import { createUsers } from './setup';
import { percentile, since } from './stats';
import type { Sizes } from './sizes';

export interface IngestResult {
  devices: number;
  requests: number;
  points: number;
  seconds: number;
  pointsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The users whose data the run stored (the raw COPY baseline copies exactly their rows). */
  userIds: string[];
}

/**
 * Workload 1: every simulated watch syncs its days at the same time over real HTTP (a socket, not
 * inject), each device one request after another like a real one; each request carries
 * `daysPerBatch` days of minute-level heart rate and steps.
 */
export async function runIngest(b: BenchApp, sizes: Sizes): Promise<IngestResult> {
  const users = await createUsers(b, sizes.devices);
  const devices: BenchDevice[] = [];
  for (const u of users) devices.push(await u.pair('vb-watch'));
  const batches = devices.map((_, i) =>
    chunkRange(pastDays(sizes.daysPerDevice), sizes.daysPerBatch).map((r) => watchItems(i, r)),
  );
  const expectedPoints = batches.flat().reduce((n, items) => n + pointCount(items), 0);

  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    devices.map(async (device, i) => {
      for (const items of batches[i]!) {
        const t0 = performance.now();
        const res = await fetch(`${b.baseUrl}/api/device/sync`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${device.credential}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${randomBytes(8).toString('hex')}`,
          },
          body: JSON.stringify({ device: { firmware: '3.2.1', battery: 80 }, items }),
        });
        const body = (await res.json()) as { summary?: { stored: number } };
        latencies.push(since(t0));
        if (res.status !== 200 || body.summary?.stored !== items.length) {
          throw new Error(`sync answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
        }
      }
    }),
  );
  const seconds = since(start) / 1000;
  return {
    devices: devices.length,
    requests: latencies.length,
    points: expectedPoints,
    seconds,
    pointsPerSecond: expectedPoints / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    userIds: users.map((u) => u.id),
  };
}
