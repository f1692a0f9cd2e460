/**
 * The benchmark suite (issue 7).
 *   npm run bench        PostgreSQL (a throwaway server) then PGlite, full sizes; writes bench/RESULTS.md
 *   npm run bench:smoke  PGlite only, tiny sizes: proves every workload runs and produces numbers
 * Internal: --engine postgres|pglite --json <file> runs one engine and writes its figures as JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runAppleImportBench } from './apple-import';
import { runWithingsImportBench } from './withings-import';
import { runClinicBench } from './clinic';
import { describeMachine, markdown, printTable } from './report';
import type { Engine } from './setup';
import { fullSizes, smokeSizes } from './sizes';
import { type EngineResult, checkFigures, runEngine } from './workloads';

const root = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    engine: { type: 'string' },
    json: { type: 'string' },
  },
});
const sizes = args.smoke ? smokeSizes : fullSizes;

async function main() {
  if (args.engine) {
    const result = await runEngine(args.engine as Engine, sizes);
    if (args.json) writeFileSync(args.json, JSON.stringify(result));
    else printTable([result]);
    return;
  }
  if (args.smoke) {
    const result = await runEngine('pglite', sizes);
    printTable([result]);
    // The clinic workloads (bench/src/clinic.ts), tiny: 20 patients of 10 days.
    console.log(JSON.stringify(await runClinicBench({ patients: 20, days: 10, requests: 10 })));
    // The Apple Health import (bench/src/apple-import.ts), one day of export.
    console.log(JSON.stringify(await runAppleImportBench({ days: 1 })));
    // The Withings archive import (bench/src/withings-import.ts), one month.
    console.log(JSON.stringify(await runWithingsImportBench({ years: 1 / 12 })));
    console.log('\nbench:smoke: every workload ran and produced numbers (timings are not checked).');
    return;
  }
  const results: EngineResult[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-bench-'));
  try {
    const json = path.join(dir, 'postgres.json');
    const child = spawnSync(
      process.execPath,
      ['scripts/with-postgres.mjs', 'tsx', 'bench/src/run.ts', '--engine', 'postgres', '--json', json],
      { cwd: root, stdio: 'inherit' },
    );
    if (child.status !== 0) throw new Error(`the PostgreSQL run failed (exit ${child.status})`);
    const pgResult = JSON.parse(readFileSync(json, 'utf8')) as EngineResult;
    checkFigures(pgResult);
    results.push(pgResult);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  results.push(await runEngine('pglite', sizes));
  printTable(results);
  const notesFile = path.join(root, 'bench/NOTES.md');
  let notes = '';
  try {
    notes = readFileSync(notesFile, 'utf8');
  } catch {
    // no notes yet
  }
  writeFileSync(
    path.join(root, 'bench/RESULTS.md'),
    markdown(results, describeMachine(), sizes, 'npm run bench', notes),
  );
  console.log('\nwrote bench/RESULTS.md');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
