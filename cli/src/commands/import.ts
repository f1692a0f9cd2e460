import { type AppContext, importForUserAsOperator } from '@vitalbase/server';
import { type ImportFormat, type ImportReport, importFormats } from '@vitalbase/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { withContext } from './user';

export interface ImportCommandOptions {
  email: string;
  file: string;
  format: ImportFormat;
  /** A CSV's column mapping, as JSON (docs/import.md). */
  mapping?: string;
  /** Draw a progress bar (a terminal); otherwise only the report is printed. */
  bar?: boolean;
}

/** The report as the web shows it: counts, then refused rows with their line (never a value). */
function reportLines(report: ImportReport): string[] {
  const i = report.imported;
  return [
    `imported: ${i.readings} readings, ${i.series} series, ${i.sessions} sessions`,
    `duplicates skipped: ${report.duplicates}`,
    `refused: ${report.refused}`,
    ...report.refusals.map((r) => `  ${r.file ? `${r.file} ` : ''}line ${r.line}: ${r.code} (${r.reason})`),
    ...report.unmapped.map((u) => `not mapped: ${u.type} (${u.count})`),
    ...report.skippedFiles.map((f) => `skipped: ${f.file} (${f.reason})`),
  ];
}

/** Imports a file for a user with the web's job, at once, with a progress bar and the same report. */
export async function importCommand(
  ctx: AppContext,
  opts: ImportCommandOptions,
  print: (line: string) => void,
) {
  const bar = opts.bar
    ? new SingleBar({ format: 'importing {value} items read', hideCursor: true })
    : undefined;
  bar?.start(0, 0);
  try {
    const options = opts.mapping ? (JSON.parse(opts.mapping) as Record<string, unknown>) : undefined;
    const done = await importForUserAsOperator(
      ctx,
      { email: opts.email, file: opts.file, format: opts.format, ...(options ? { options } : {}) },
      (n) => bar?.update(n),
    );
    bar?.stop();
    if (done.state !== 'done') throw new Error(`import failed: ${done.error ?? done.state}`);
    for (const line of reportLines(done.report!)) print(line);
    print(`import ${done.id}: the user can undo it in the privacy center`);
    return done;
  } finally {
    bar?.stop();
  }
}

export function registerImportCommand(program: Command) {
  program
    .command('import')
    .description("import a file into a user's data (Withings archive, FHIR, CSV), with the report")
    .requiredOption('--email <email>', 'the account to import into')
    .requiredOption('--file <path>', 'the file (a Withings ZIP, a FHIR Bundle or NDJSON, a CSV)')
    .option('--format <format>', `one of ${importFormats.join(', ')}`, 'withings_archive')
    .option('--mapping <json>', "a CSV's column mapping (docs/import.md)")
    .action(async (opts: { email: string; file: string; format: string; mapping?: string }) => {
      if (!(importFormats as readonly string[]).includes(opts.format))
        throw new Error(`unknown format: ${opts.format}`);
      await withContext((ctx) =>
        importCommand(
          ctx,
          { ...opts, format: opts.format as ImportFormat, bar: process.stderr.isTTY },
          (line) => console.log(line),
        ),
      );
    });
}
