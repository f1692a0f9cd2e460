/**
 * The Withings archive workload (issue #18, Performance: "a Withings archive of 10 years imports in
 * ≤ 30 s"): a generated archive (withings-export.ts) imported for one user by the operator's path, the
 * same job as the web's, timed with its peak RSS growth.
 *   node scripts/with-postgres.mjs npx tsx bench/src/withings-import.ts --years 10
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importForUserAsOperator } from '../../server/src/features/imports';
import { createTestApp, createTestUser } from '../../server/src/test/harness';
import { measured } from './apple-import';
import { assertFigure } from './stats';
import { writeWithingsArchive } from './withings-export';

export async function runWithingsImportBench(opts: { years: number }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-withings-'));
  const file = path.join(dir, 'withings.zip');
  const t = await createTestApp();
  try {
    const generated = await writeWithingsArchive(file, opts.years);
    const u = await createTestUser(t);
    const imported = await measured(() =>
      importForUserAsOperator(t.app.ctx, { email: u.user.email, file, format: 'withings_archive' }),
    );
    if (imported.value.state !== 'done') throw new Error(`withings import: ${imported.value.error}`);
    const r = imported.value.report!;
    const result = {
      engine: t.database.engine,
      years: opts.years,
      csvMb: +(generated.bytes / 1024 ** 2).toFixed(1),
      zipMb: +(generated.zipBytes / 1024 ** 2).toFixed(1),
      rows: generated.records,
      seconds: +imported.seconds.toFixed(2),
      rowsPerSecond: Math.round(generated.records / imported.seconds),
      /** This process's CPU seconds (not PostgreSQL's): steadier than the wall clock on a shared machine. */
      cpuSeconds: +imported.cpuSeconds.toFixed(2),
      rssGrowthMb: +imported.rssGrowthMb.toFixed(0),
      stored: r.imported,
      duplicates: r.duplicates,
      refused: r.refused,
      skippedFiles: r.skippedFiles.length,
    };
    assertFigure('withings import rows/s', result.rowsPerSecond);
    return result;
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { years: { type: 'string', default: '10' } } });
  console.log(JSON.stringify(await runWithingsImportBench({ years: Number(args.years) }), null, 2));
  process.exit(0);
}
