/**
 * Reads at 32 connections from one server process vs `vitalbase serve --workers 2` (issue #19), in the
 * same run, on PostgreSQL:
 *   node scripts/with-postgres.mjs tsx bench/src/workers.ts [--seconds 10] [--connections 32] [--days 365]
 * Loads the reads workload's heavy user into a new database, then starts the built server
 * (`node cli/dist/vitalbase.js serve --workers N`, as `npm start` does) with 1, 2, 2, then 1 workers
 * (the repeat in reverse order evens out a background load that drifts during the run) and measures
 * each read endpoint with autocannon after a 2 s warm-up. Besides throughput and latency it reports
 * the CPU time per request of the app's processes and of the PostgreSQL server (from /proc, so that a
 * run on a machine shared with other work can be read: what a request costs does not depend on the
 * neighbours, its latency does), and how busy the whole machine was.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { machineMs, parentOf, treeCpuMs } from './proc-cpu';
import { loadHeavyUser, readEndpoints } from './reads';
import { startBenchApp } from './setup';

const root = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    days: { type: 'string', default: '365' },
    order: { type: 'string', default: '1,2,2,1' },
    endpoints: { type: 'string', default: '0,1' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
interface Server {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function serve(workers: number, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['cli/dist/vitalbase.js', 'serve', '--workers', String(workers)], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const look = (d: Buffer) => {
      output += d;
      const running = [...output.matchAll(/Vitalbase is running on .*?:(\d+)/g)];
      if (running.length >= workers) resolve(Number(running[0]![1]));
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output.slice(-800)}`)));
  });
  return {
    child,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Measure {
  workers: number;
  endpoint: string;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per request: the app's processes, the PostgreSQL server, the load generator (this process). */
  appCpuMs: number;
  postgresCpuMs: number;
  clientCpuMs: number;
  /** The whole machine's busy share (of every core), and the part not ours (other work on the machine). */
  machineBusy: number;
  othersBusy: number;
}

async function main() {
  const b = await startBenchApp('postgres');
  const days = Number(args.days);
  const user = await loadHeavyUser(b, { heartRateDays: days, stepsDays: days, weighInDays: 5 * 365 });
  const { rows } = await b.database.raw.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const postmaster = parentOf(rows[0]!.pid);
  const env = { DATABASE_URL: b.databaseUrl!, COOKIE_SECRET: b.config.cookieSecret };
  await b.close();
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  const endpoints = args
    .endpoints!.split(',')
    .map((i) => readEndpoints({ heartRateDays: days, stepsDays: days })[Number(i)]!);

  const measures: Measure[] = [];
  for (const workers of args.order!.split(',').map(Number)) {
    const server = await serve(workers, env);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      for (const e of endpoints) {
        const check = await fetch(base + e.path, { headers: { cookie: user.cookie } });
        if (check.status !== 200) throw new Error(`${e.name} answered ${check.status}`);
        await check.arrayBuffer();
        const load = (duration: number) =>
          autocannon({
            url: base + e.path,
            connections,
            duration,
            headers: { cookie: user.cookie },
            timeout: 120,
          });
        await load(2); // warm-up: JIT, the pools' connections, PostgreSQL's caches
        const before = {
          app: treeCpuMs(server.child.pid!),
          pg: treeCpuMs(postmaster),
          client: process.cpuUsage(),
          machine: machineMs(),
        };
        const r = await load(seconds);
        if (r.non2xx > 0) throw new Error(`${e.name}: ${r.non2xx} non-2xx answers`);
        const client = process.cpuUsage(before.client);
        const machine = machineMs();
        const app = treeCpuMs(server.child.pid!) - before.app;
        const pg = treeCpuMs(postmaster) - before.pg;
        const clientMs = (client.user + client.system) / 1000;
        const total = machine.total - before.machine.total;
        const busy = machine.busy - before.machine.busy;
        const n = r.requests.total;
        const m: Measure = {
          workers,
          endpoint: e.name,
          requests: n,
          requestsPerSecond: n / seconds,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          appCpuMs: app / n,
          postgresCpuMs: pg / n,
          clientCpuMs: clientMs / n,
          machineBusy: busy / total,
          othersBusy: Math.max(0, busy - app - pg - clientMs) / total,
        };
        measures.push(m);
        console.error(JSON.stringify(m));
      }
    } finally {
      await server.stop();
    }
  }
  printSummary(measures);
}

function printSummary(measures: Measure[]) {
  const f = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d });
  console.log(
    '| endpoint | workers | req/s | p50 / p99 ms | CPU ms per request: app / PostgreSQL / load generator | machine busy (others) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const m of measures)
    console.log(
      `| ${m.endpoint} | ${m.workers} | ${f(m.requestsPerSecond)} | ${f(m.p50Ms)} / ${f(m.p99Ms)} | ${f(m.appCpuMs, 2)} / ${f(m.postgresCpuMs, 2)} / ${f(m.clientCpuMs, 2)} | ${f(m.machineBusy * 100)} % (${f(m.othersBusy * 100)} %) |`,
    );
  for (const endpoint of new Set(measures.map((m) => m.endpoint))) {
    const of = (w: number) => measures.filter((m) => m.endpoint === endpoint && m.workers === w);
    const mean = (ms: Measure[], k: 'requestsPerSecond' | 'p99Ms') =>
      ms.reduce((t, m) => t + m[k], 0) / ms.length;
    const [one, two] = [of(1), of(2)];
    if (!one.length || !two.length) continue;
    console.log(
      `${endpoint}: 2 workers ÷ 1 = ${f(mean(two, 'requestsPerSecond') / mean(one, 'requestsPerSecond'), 2)}× throughput, p99 ${f(mean(two, 'p99Ms') / mean(one, 'p99Ms'), 2)}× (means of ${one.length} and ${two.length} runs)`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
