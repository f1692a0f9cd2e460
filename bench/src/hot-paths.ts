/**
 * CPU per operation of the hot paths (issue 17), the figure a shared machine does not blur:
 *   tsx bench/src/hot-paths.ts [--export-days 365] [--requests 200] [--exports 3] [--syncs 20]
 *     [--only sync,latest30,floor,getmeas,chart,export] [--chart-days 365] [--export-worker] [--profile DIR]
 * (through scripts/with-postgres.mjs for PostgreSQL: the harness picks TEST_DATABASE_URL up).
 * Each path, in process (inject), after a warm-up: Node CPU (`process.cpuUsage`; on PGlite the
 * database runs in the process and is included), PostgreSQL CPU (the backends' user + system time
 * from /proc, and pg_stat_statements' execution + planning time where the server loaded it), and the
 * SQL statements of one operation (drizzle's, BEGIN/COMMIT left out).
 * - sync: a watch's one-day sync (minute heart rate and steps, a new day each time), beside the same
 *   points written as plain rows `(user_id, metric, ts, value)` by COPY (plain-copy.ts).
 * - latest30: `GET /api/health-data/readings` of 30 days of weigh-ins, with its session cookie.
 * - floor: `/healthz` (an empty route) without a cookie and with one: the cost of any request here.
 * - getmeas: a partner's `/wbsapi/v2/measure?action=getmeas` over 30 days of readings.
 * - chart: `GET /api/health-data/timeseries` of a year of minute heart rate (≤ 2,000 buckets, the
 *   window ending on a whole hour as the web app's do), with its session cookie.
 * - export: `buildExport` of the user's series to a discarding stream: CPU per export and per point,
 *   and the growth of resident memory over the exports (as bench/src/export.ts measures it).
 * With --profile DIR, a .cpuprofile of each measured loop (node --cpu-prof's format).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { buildExport } from '../../server/src/features/export/build-export';
import { buildExportInWorker } from '../../server/src/features/export/export-worker';
import { createHealthDataIngest } from '../../server/src/features/health-data';
import { createTestApp, createTestUser, type TestApp } from '../../server/src/test/harness';
import { connectPartner, registerTestPartnerApp } from '../../server/src/test/partner-harness';
import { countStatements } from '../../server/src/test/statement-counter';
import { gc, peakRss } from './export';
import { chunkRange, heartRateItems, pastDays, pointCount, stepsItems, watchItems } from './data';
import { createPlainTable, plainRowsText, plainWriter } from './plain-copy';
import { registerUnit } from './setup';

const { values: args } = parseArgs({
  options: {
    'export-days': { type: 'string', default: '365' },
    'export-worker': { type: 'boolean', default: false },
    'chart-days': { type: 'string', default: '365' },
    requests: { type: 'string', default: '200' },
    exports: { type: 'string', default: '3' },
    syncs: { type: 'string', default: '20' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const only = args.only?.split(',');
const wanted = (name: string) => !only || only.includes(name);

/** Node CPU (user + system) of `run`, in ms. */
async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU of some server processes (user + system, ms), from /proc: 0 for one that is gone. */
function procCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
      const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
      // the backend ended
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** PostgreSQL's side of a measured loop: the backends' CPU and pg_stat_statements' time. */
async function postgresMeter(t: TestApp) {
  if (t.database.engine !== 'postgres') return undefined;
  let statements = false;
  try {
    await t.database.raw.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await t.database.raw.query('SELECT pg_stat_statements_reset()');
    statements = true;
  } catch {
    // not loaded by this server (shared_preload_libraries): the backends' CPU only
  }
  const pids = async () =>
    (
      await t.database.raw.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
      )
    ).rows.map((r) => r.pid);
  const statementMs = async () =>
    statements
      ? Number(
          (
            await t.database.raw.query<{ ms: number }>(
              `SELECT coalesce(sum(total_exec_time + total_plan_time), 0) AS ms FROM pg_stat_statements
               WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            )
          ).rows[0]!.ms,
        )
      : Number.NaN;
  return {
    /** `run`'s PostgreSQL CPU (ms), including backends `extra` names (a COPY connection). */
    async around(run: () => Promise<void>, extra: number[] = []) {
      const before = [...(await pids()), ...extra];
      const cpu0 = procCpuMs(before);
      const st0 = await statementMs();
      await run();
      const after = [...new Set([...before, ...(await pids()), ...extra])];
      // A backend that started during the loop counts whole.
      return { backendMs: procCpuMs(after) - cpu0, statementsMs: (await statementMs()) - st0 };
    },
  };
}

async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (!args.profile) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path.join(args.profile, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

interface OperationCost {
  statements: number;
  writes: number;
  nodeCpuMs: number;
  postgresBackendCpuMs?: number;
  postgresStatementMs?: number;
}

/**
 * Statements of the first call, then `n` calls measured (after `warm` unmeasured ones): CPU per call.
 */
async function measure(
  t: TestApp,
  pgMeter: Awaited<ReturnType<typeof postgresMeter>>,
  name: string,
  call: (i: number) => Promise<unknown>,
  n: number,
  warm: number,
): Promise<OperationCost> {
  // Routes allow 120 calls a minute per credential (counted in the database): the windows are cleared
  // every 100 calls (a few statements in the measured loop, 1 % of the calls).
  const clearLimits = () => t.database.raw.query('DELETE FROM rate_limit_counters');
  await clearLimits();
  const first = await countStatements(t.database, () => call(0));
  for (let i = 1; i <= warm; i++) await call(i);
  await clearLimits();
  let node = 0;
  const loop = () =>
    profiled(name, async () => {
      node = await cpuMs(async () => {
        for (let i = 0; i < n; i++) {
          if (i % 100 === 99) await clearLimits();
          await call(warm + 1 + i);
        }
      });
    });
  const pgCost = pgMeter ? await pgMeter.around(loop) : await loop().then(() => undefined);
  const per = (v: number) => +(v / n).toFixed(3);
  return {
    statements: first.statements.length,
    writes: first.statements.filter((s) => /^\s*(insert|update|delete)\b/i.test(s)).length,
    nodeCpuMs: per(node),
    ...(pgCost
      ? { postgresBackendCpuMs: per(pgCost.backendMs), postgresStatementMs: per(pgCost.statementsMs) }
      : {}),
  };
}

const t = await createTestApp();
try {
  const engine = t.database.engine;
  const pg = await postgresMeter(t);
  const alice = await createTestUser(t, { timeZone: 'Europe/Paris' });
  const partner = await registerTestPartnerApp(t, { scopes: ['user.metrics'] });
  const tokens = await connectPartner(t, alice, partner, ['user.metrics']);
  const ingest = createHealthDataIngest(t.app.ctx);
  const now = Date.now();
  const readings = Array.from({ length: 60 }, (_, i) => ({
    kind: 'reading',
    takenAt: new Date(now - (i + 1) * 43_200_000).toISOString(),
    measures:
      i % 2
        ? [{ metric: 'weight', value: 70 + i / 10, unit: 'kg' }]
        : [
            { metric: 'systolic_bp', value: 120 + (i % 20), unit: 'mmHg' },
            { metric: 'diastolic_bp', value: 80, unit: 'mmHg' },
          ],
  }));
  await ingest.ingest(alice.user.id, { source: 'manual' }, readings as never);
  const requests = Number(args.requests);
  const result: Record<string, unknown> = { engine, node: process.version };

  if (wanted('sync')) {
    // A watch syncing one new day a request, as a device does after a day offline.
    const bob = await createTestUser(t, { timeZone: 'Europe/Paris' });
    const unit = await registerUnit(t, 'vb-watch');
    const paired = await bob.client.post('/api/devices/pair', {
      serial: unit.serial,
      claimCode: unit.claimCode,
    });
    if (paired.statusCode !== 201) throw new Error(`pairing answered ${paired.statusCode}`);
    const credential = (paired.json() as { credential: string }).credential;
    const syncs = Number(args.syncs);
    const warm = 3;
    const batches = chunkRange(pastDays(syncs + warm + 1), 1).map((r) => watchItems(0, r));
    const points = pointCount(batches[0]!);
    const sync = async (i: number) => {
      const items = batches[i]!;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/device/sync',
        headers: {
          authorization: `Bearer ${credential}`,
          'idempotency-key': `hot-${randomBytes(8).toString('hex')}`,
        },
        payload: { device: { firmware: '3.2.1', battery: 80 }, items },
      });
      const body = res.json() as { summary?: { stored: number } };
      if (res.statusCode !== 200 || body.summary?.stored !== items.length)
        throw new Error(`sync answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    };
    const t0 = performance.now();
    const cost = await measure(t, pg, 'sync', sync, syncs, warm);
    const syncSeconds = (performance.now() - t0) / 1000;

    // The same days' points as plain rows, one COPY a day (after one unmeasured day).
    await createPlainTable(t.database);
    const [{ db }] = (await t.database.raw.query<{ db: string }>('SELECT current_database() AS db')).rows as [
      { db: string },
    ];
    const server = process.env.TEST_DATABASE_URL;
    const url = server ? Object.assign(new URL(server), { pathname: `/${db}` }).toString() : undefined;
    const writer = await plainWriter(t.database, url);
    const copies = batches.slice(0, syncs + 1).map((items) => plainRowsText(bob.user.id, items).text);
    await writer.write(copies[0]!);
    let copyNode = 0;
    const c0 = performance.now();
    const copyLoop = async () => {
      copyNode = await cpuMs(async () => {
        for (const text of copies.slice(1)) await writer.write(text);
      });
    };
    const copyPg = pg
      ? await pg.around(copyLoop, writer.pid ? [writer.pid] : [])
      : await copyLoop().then(() => undefined);
    const copySeconds = (performance.now() - c0) / 1000;
    await writer.close();
    const per = (v: number) => +(v / syncs).toFixed(3);
    result.sync = {
      pointsPerSync: points,
      ...cost,
      nodeCpuUsPerPoint: +((cost.nodeCpuMs * 1000) / points).toFixed(3),
      pointsPerSecondOneAtATime: Math.round((points * (syncs + warm + 1)) / syncSeconds),
    };
    result.plainRowCopy = {
      method: writer.method,
      rowsPerDay: points,
      nodeCpuMs: per(copyNode),
      ...(copyPg
        ? { postgresBackendCpuMs: per(copyPg.backendMs), postgresStatementMs: per(copyPg.statementsMs) }
        : {}),
      pointsPerSecondOneAtATime: Math.round((points * syncs) / copySeconds),
    };
  }

  if (wanted('latest30')) {
    const url = `/api/health-data/readings?metric=weight&from=${new Date(now - 30 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
    const latest = async (i: number) => {
      const res = await alice.client.get(url);
      // Parsed on the first call only: the client's JSON.parse would count in the Node CPU measured.
      if (res.statusCode !== 200 || (i === 0 && (res.json() as { items: unknown[] }).items.length !== 30))
        throw new Error(`latest 30 days answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
    };
    // 200 warm-up calls: with 20, the first hundreds of measured calls still ran in V8's lower tiers
    // (at 400 requests a third more CPU per request than a warm server spends).
    result.latest30 = await measure(t, pg, 'latest30', latest, requests, 200);
  }

  if (wanted('floor')) {
    // What any request costs in this harness whatever its route does (inject, the hooks, the reply):
    // an empty route (`/healthz`) without a cookie, then with the session cookie (its one statement).
    const anonymous = t.client();
    const empty = (client: typeof anonymous) => async () => {
      const res = await client.get('/healthz');
      if (res.statusCode !== 200) throw new Error(`/healthz answered ${res.statusCode}`);
    };
    result.floorEmptyRoute = await measure(t, pg, 'floor-empty', empty(anonymous), requests, 200);
    result.floorEmptyRouteWithSession = await measure(
      t,
      pg,
      'floor-session',
      empty(alice.client),
      requests,
      200,
    );
  }

  if (wanted('getmeas')) {
    const getmeas = async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/wbsapi/v2/measure',
        headers: { authorization: `Bearer ${tokens.accessToken}` },
        payload: {
          action: 'getmeas',
          startdate: String(Math.floor((now - 30 * 86_400_000) / 1000)),
          enddate: String(Math.floor(now / 1000)),
        },
      });
      const body = res.json();
      if (body.status !== 0 || body.body.measuregrps.length !== 60)
        throw new Error('getmeas: unexpected answer');
    };
    result.getmeas = await measure(t, pg, 'getmeas', getmeas, requests, 20);
  }

  if (wanted('chart')) {
    const days = Number(args['chart-days']);
    const carol = await createTestUser(t, { timeZone: 'Europe/Paris' });
    for (const r of chunkRange(pastDays(days), 30)) {
      const { results } = await ingest.ingest(
        carol.user.id,
        { source: 'import' },
        heartRateItems(99, r) as never,
      );
      if (results.some((x) => x.status !== 'stored')) throw new Error('loading the chart user failed');
    }
    const hour = Math.ceil(now / 3_600_000) * 3_600_000;
    const url = `/api/health-data/timeseries?metric=heart_rate&from=${new Date(hour - days * 86_400_000).toISOString()}&to=${new Date(hour).toISOString()}`;
    const chart = async () => {
      const res = await carol.client.get(url);
      // Not parsed: the client's JSON.parse would count in the Node CPU measured.
      if (res.statusCode !== 200 || !res.body.includes('"buckets":[{'))
        throw new Error(`chart answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
    };
    result.chart = await measure(t, pg, 'chart', chart, requests, 20);
  }

  if (wanted('export')) {
    const days = Number(args['export-days']);
    for (const r of chunkRange(pastDays(days), 30)) {
      for (const items of [heartRateItems(99, r), stepsItems(99, r)]) {
        const { results } = await ingest.ingest(alice.user.id, { source: 'import' }, items as never);
        const bad = results.find((x) => x.status !== 'stored');
        if (bad) throw new Error(`loading series: ${JSON.stringify(bad).slice(0, 200)}`);
      }
    }
    let bytes = 0;
    const sink = () =>
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          cb();
        },
      });
    const [row] = (
      await t.database.raw.query<{ n: string }>(
        'select coalesce(sum(point_count), 0) as n from health_series_days where user_id = $1',
        [alice.user.id],
      )
    ).rows;
    const points = Number(row!.n);
    // Resident memory as bench/src/export.ts measures it: after a full collection, then Linux's peak
    // over the first export (the warm-up: the heap grows then) and the measured ones.
    gc();
    const baselineRss = process.memoryUsage.rss();
    const peak = peakRss();
    // --export-worker: as the export job builds, in a worker thread (its file: /dev/null, not counted).
    const oneExport = () =>
      args['export-worker']
        ? buildExportInWorker(t.app.ctx, alice.user.id, '/dev/null', () => {})
        : buildExport(t.app.ctx, alice.user.id, sink());
    await oneExport(); // warm-up
    const exports = Number(args.exports);
    bytes = 0;
    const t0 = performance.now();
    const exportCpu = await profiled('export', () =>
      cpuMs(async () => {
        for (let i = 0; i < exports; i++) await oneExport();
      }),
    );
    const exportSeconds = (performance.now() - t0) / 1000;
    const peakBytes = Math.max(process.memoryUsage.rss(), peak());
    result.export = {
      seriesPoints: points,
      nodeCpuMsPerExport: +(exportCpu / exports).toFixed(1),
      nodeCpuNsPerPoint: +((exportCpu * 1e6) / exports / points).toFixed(0),
      pointsPerSecond: Math.round((points * exports) / exportSeconds),
      zipMiB: +(bytes / exports / 2 ** 20).toFixed(2),
      baselineRssMiB: Math.round(baselineRss / 2 ** 20),
      rssGrowthMiB: Math.round((peakBytes - baselineRss) / 2 ** 20),
    };
  }
  console.log(JSON.stringify(result, null, 2));
} finally {
  await t.close();
}
