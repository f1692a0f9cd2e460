/**
 * The Apple Health import workload (issue #18, Performance): a generated export.xml (apple-export.ts)
 * imported for one user by the operator's path (`vitalbase import`: the web's job, in process), timed
 * with its peak RSS growth, beside a plain saxes pass over the same file (parse only: the limit the
 * import cannot beat) in the same run.
 *   node scripts/with-postgres.mjs tsx bench/src/apple-import.ts --days 60
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SaxesParser } from 'saxes';
import { importForUserAsOperator } from '../../server/src/features/imports';
import { createTestApp, createTestUser } from '../../server/src/test/harness';
import { writeAppleExport } from './apple-export';
import { assertFigure } from './stats';

/**
 * Runs `work` while sampling the RSS every 50 ms: seconds taken, the peak growth in MB, and this
 * process's CPU seconds (user + system; the machine is shared, so the wall clock waits on others'
 * work: CPU is the steadier cost. The PostgreSQL server's CPU is not in it, PGlite's is).
 */
export async function measured<T>(work: () => Promise<T>) {
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const cpu = process.cpuUsage(cpu0);
    return {
      value,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssGrowthMb: (peak - before) / 1024 ** 2,
    };
  } finally {
    clearInterval(timer);
  }
}

/** The parse-only limit: saxes over the file, counting the records (Record, Correlation, Workout, ActivitySummary). */
async function saxesPass(file: string): Promise<number> {
  const sax = new SaxesParser();
  let depth = 0;
  let elements = 0;
  sax.on('opentag', (tag) => {
    depth += 1;
    if (depth === 2 && tag.name !== 'ExportDate' && tag.name !== 'Me') elements += 1;
  });
  sax.on('closetag', () => {
    depth -= 1;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }))
    sax.write(chunk as string);
  sax.close();
  return elements;
}

export async function runAppleImportBench(opts: { days: number }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-apple-'));
  const file = path.join(dir, 'export.xml');
  const t = await createTestApp();
  try {
    const generated = await writeAppleExport(file, opts.days);
    const parse = await measured(() => saxesPass(file));
    const u = await createTestUser(t);
    const imported = await measured(() =>
      importForUserAsOperator(t.app.ctx, { email: u.user.email, file, format: 'apple_health' }),
    );
    if (imported.value.state !== 'done') throw new Error(`apple import: ${imported.value.error}`);
    const r = imported.value.report!;
    const result = {
      engine: t.database.engine,
      days: opts.days,
      fileMb: +(generated.bytes / 1024 ** 2).toFixed(1),
      records: generated.records,
      parseOnly: {
        seconds: +parse.seconds.toFixed(2),
        recordsPerSecond: Math.round(parse.value / parse.seconds),
        cpuMicrosPerRecord: +((parse.cpuSeconds * 1e6) / parse.value).toFixed(2),
        rssGrowthMb: +parse.rssGrowthMb.toFixed(0),
      },
      import: {
        seconds: +imported.seconds.toFixed(2),
        recordsPerSecond: Math.round(generated.records / imported.seconds),
        /** This process's CPU per record (parse, validation, batching; not PostgreSQL's). */
        cpuMicrosPerRecord: +((imported.cpuSeconds * 1e6) / generated.records).toFixed(2),
        rssGrowthMb: +imported.rssGrowthMb.toFixed(0),
        stored: r.imported,
        refused: r.refused,
        unmapped: r.unmapped.reduce((n, x) => n + x.count, 0),
      },
      /** How many times slower than parsing alone. */
      ratio: +(imported.seconds / parse.seconds).toFixed(1),
      /** At this rate, a 1 GB export (the size). */
      oneGbMinutes: +((imported.seconds * (1024 ** 3 / generated.bytes)) / 60).toFixed(1),
    };
    if (parse.value !== generated.records) throw new Error('apple import: saxes counted another number');
    assertFigure('apple import records/s', result.import.recordsPerSecond);
    return result;
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { days: { type: 'string', default: '60' } } });
  console.log(JSON.stringify(await runAppleImportBench({ days: Number(args.days) }), null, 2));
  process.exit(0);
}
