/**
 * Single-request timings and CPU profiles (not throughput): what to measure on a busy, shared machine.
 *   tsx bench/src/single.ts [--engine pglite|postgres] [--days 365] [--requests 30] [--profile DIR]
 * Loads the reads workload's heavy user, then times each read endpoint one request at a time (warm),
 * and one sync request of a day of minute heart rate + steps at a time. With --profile, writes a
 * .cpuprofile of each measured phase (open it in Chrome DevTools) and prints its top self-time
 * functions. With postgres, run it through scripts/with-postgres.mjs.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chunkRange, pastDays, pointCount, watchItems } from './data';
import { loadHeavyUser } from './reads';
import { type Engine, createUsers, startBenchApp } from './setup';
import { percentile, since } from './stats';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    days: { type: 'string', default: '365' },
    requests: { type: 'string', default: '30' },
    'sync-days': { type: 'string', default: '10' },
    profile: { type: 'string' },
    only: { type: 'string' },
    explain: { type: 'boolean', default: false },
  },
});
const DAY_MS = 86_400_000;
const days = Number(args.days);
const requests = Number(args.requests);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Profiled {
  stop(): Promise<void>;
}
async function profile(name: string): Promise<Profiled> {
  if (!args.profile) return { stop: async () => {} };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile: p } = await session.post('Profiler.stop');
      const file = path.join(args.profile!, `${name.replace(/\W+/g, '-')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(p));
      printTop(p as CpuProfile, name);
      session.disconnect();
    },
  };
}

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
  samples: number[];
}
function printTop(p: CpuProfile, name: string) {
  const self = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`  profile of ${name}: top self time`);
  for (const [k, v] of top) console.log(`    ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}

async function timeRequests(label: string, run: () => Promise<void>, n: number) {
  for (let i = 0; i < 3; i++) await run();
  const prof = await profile(label);
  const ms: number[] = [];
  // Node CPU per request (client and server share the process; on PGlite the database too): what a
  // shared machine does not blur, unlike the wall-clock percentiles.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    ms.push(since(t0));
  }
  const cpu = process.cpuUsage(cpu0);
  await prof.stop();
  console.log(
    `${label}: p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, min ${Math.min(...ms).toFixed(1)} ms, Node CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms/request (${n} requests, one at a time)`,
  );
}

/** The plans of the reads' queries for the heavy user (the SQL the repos send, with its values). */
async function explain(b: Awaited<ReturnType<typeof startBenchApp>>, userId: string) {
  const from = new Date(Date.now() - 30 * DAY_MS).toISOString();
  const yearAgo = isoDate(Date.now() - 366 * DAY_MS);
  const queries = {
    'latest 30 days: measure ids': `SELECT reading_id, taken_at FROM health_measures WHERE user_id = $1 AND metric = 'weight' AND taken_at >= '${from}' AND taken_at < now() ORDER BY taken_at, reading_id LIMIT 100`,
    'chart: day summaries': `SELECT user_id, metric, day, source_key, interval_seconds, first_slot, width, point_count, rollup FROM health_series_days WHERE user_id = $1 AND metric = 'heart_rate' AND day >= '${yearAgo}' AND day <= '2100-01-01' ORDER BY day`,
  };
  for (const [name, sql] of Object.entries(queries)) {
    const { rows } = await b.database.raw.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [
      userId,
    ]);
    console.log(`EXPLAIN ${name}:\n${rows.map((r) => `  ${Object.values(r)[0]}`).join('\n')}`);
  }
}

async function main() {
  const b = await startBenchApp(args.engine as Engine);
  try {
    const only = args.only?.split(',');
    if (!only || only.some((o) => o !== 'sync')) {
      const t0 = performance.now();
      const user = await loadHeavyUser(b, { heartRateDays: days, stepsDays: days, weighInDays: 5 * 365 });
      console.log(
        `loaded the heavy user (${days} d of minute HR + steps, 5 y of weigh-ins) in ${(since(t0) / 1000).toFixed(1)} s`,
      );
      const now = Date.now();
      // Like the web app's chart windows (web/src/features/health/chart-data.ts): ends on a whole hour.
      const hour = Math.ceil(now / 3_600_000) * 3_600_000;
      const base = '/api/health-data';
      const endpoints = {
        latest30: `${base}/readings?metric=weight&from=${new Date(now - 30 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`,
        chart: `${base}/timeseries?metric=heart_rate&from=${new Date(hour - days * DAY_MS).toISOString()}&to=${new Date(hour).toISOString()}`,
        chartUnaligned: `${base}/timeseries?metric=heart_rate&from=${new Date(now - days * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`,
        aggregates: `${base}/aggregates?metric=steps&period=day&from=${isoDate(now - Math.min(days, 3 * 365) * DAY_MS)}&to=${isoDate(now - DAY_MS)}`,
      };
      if (args.explain) await explain(b, user.id);
      for (const [name, url] of Object.entries(endpoints)) {
        if (only && !only.includes(name)) continue;
        let bytes = 0;
        await timeRequests(
          name,
          async () => {
            const res = await fetch(b.baseUrl + url, { headers: { cookie: user.cookie } });
            if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
            bytes = (await res.arrayBuffer()).byteLength;
          },
          requests,
        );
        console.log(`  (${bytes} bytes)`);
      }
    }
    if (!only || only.includes('sync')) {
      const [u] = await createUsers(b, 1);
      const watch = await u!.pair('vb-watch');
      const batches = chunkRange(pastDays(Number(args['sync-days']) + 3), 1).map((r) => watchItems(0, r));
      let i = 0;
      const points = pointCount(batches[0]!);
      await timeRequests(
        `sync of one day (${points} points)`,
        async () => {
          const items = batches[i++]!;
          const res = await fetch(`${b.baseUrl}/api/device/sync`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${watch.credential}`,
              'content-type': 'application/json',
              'idempotency-key': `single-${randomBytes(8).toString('hex')}`,
            },
            body: JSON.stringify({ device: { firmware: '3.2.1', battery: 80 }, items }),
          });
          const body = (await res.json()) as { summary?: { stored: number } };
          if (res.status !== 200 || body.summary?.stored !== items.length)
            throw new Error(`sync answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
        },
        Number(args['sync-days']),
      );
    }
  } finally {
    await b.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
