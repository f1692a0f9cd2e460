/**
 * CPU per operation of two hot paths (issue 17), the figure a shared machine does not blur:
 *   tsx bench/src/hot-paths.ts [--export-days 365] [--requests 200] [--exports 3]
 * (through scripts/with-postgres.mjs for PostgreSQL: the harness picks TEST_DATABASE_URL up).
 * - getmeas: a partner's `/wbsapi/v2/measure?action=getmeas` over 30 days of readings, in process
 *   (inject): Node CPU (`process.cpuUsage`) and SQL statements per request.
 * - export: `buildExport` of the user's series (minute heart rate and steps) to a discarding stream:
 *   Node CPU per export and per point, points per second.
 */
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { buildExport } from '../../server/src/features/export/build-export';
import { createHealthDataIngest } from '../../server/src/features/health-data';
import { createTestApp, createTestUser } from '../../server/src/test/harness';
import { connectPartner, registerTestPartnerApp } from '../../server/src/test/partner-harness';
import { countStatements } from '../../server/src/test/statement-counter';
import { chunkRange, heartRateItems, pastDays, stepsItems } from './data';

const { values: args } = parseArgs({
  options: {
    'export-days': { type: 'string', default: '365' },
    requests: { type: 'string', default: '200' },
    exports: { type: 'string', default: '3' },
  },
});

/** Node CPU (user + system) of `run`, in ms. */
async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const t = await createTestApp();
try {
  const engine = t.database.engine;
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
  const days = Number(args['export-days']);
  for (const r of chunkRange(pastDays(days), 30)) {
    for (const items of [heartRateItems(99, r), stepsItems(99, r)]) {
      const { results } = await ingest.ingest(alice.user.id, { source: 'import' }, items as never);
      const bad = results.find((x) => x.status !== 'stored');
      if (bad) throw new Error(`loading series: ${JSON.stringify(bad).slice(0, 200)}`);
    }
  }

  const getmeas = () =>
    t.app.inject({
      method: 'POST',
      url: '/wbsapi/v2/measure',
      headers: { authorization: `Bearer ${tokens.accessToken}` },
      payload: {
        action: 'getmeas',
        startdate: String(Math.floor((now - 30 * 86_400_000) / 1000)),
        enddate: String(Math.floor(now / 1000)),
      },
    });
  const first = await countStatements(t.database, getmeas);
  const body = first.result.json();
  if (body.status !== 0 || body.body.measuregrps.length !== 60) throw new Error('getmeas: unexpected answer');
  for (let i = 0; i < 20; i++) await getmeas(); // warm-up
  const requests = Number(args.requests);
  const getmeasCpu = await cpuMs(async () => {
    for (let i = 0; i < requests; i++) await getmeas();
  });

  let bytes = 0;
  const sink = () =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    });
  let points = 0;
  const [row] = (
    await t.database.raw.query<{ n: string }>(
      'select coalesce(sum(point_count), 0) as n from health_series_days where user_id = $1',
      [alice.user.id],
    )
  ).rows;
  points = Number(row!.n);
  await buildExport(t.app.ctx, alice.user.id, sink()); // warm-up
  const exports = Number(args.exports);
  bytes = 0;
  const t0 = performance.now();
  const exportCpu = await cpuMs(async () => {
    for (let i = 0; i < exports; i++) await buildExport(t.app.ctx, alice.user.id, sink());
  });
  const exportSeconds = (performance.now() - t0) / 1000;

  const result = {
    engine,
    node: process.version,
    getmeas: {
      statements: first.statements.length,
      writes: first.statements.filter((s) => /^\s*(insert|update|delete)\b/i.test(s)).length,
      nodeCpuMsPerRequest: +(getmeasCpu / requests).toFixed(3),
    },
    export: {
      seriesPoints: points,
      nodeCpuMsPerExport: +(exportCpu / exports).toFixed(1),
      nodeCpuNsPerPoint: +((exportCpu * 1e6) / exports / points).toFixed(0),
      pointsPerSecond: Math.round((points * exports) / exportSeconds),
      zipMiB: +(bytes / exports / 2 ** 20).toFixed(2),
    },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await t.close();
}
