import type { HealthItem, ImportReport, ItemResult } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { createImportBatchWriter } from '../health-data';
import type { ImportItem, ImportParser, ParseOptions } from './import-item';
import { createImportsRepo, type ImportRow } from './imports.repo';

/** Items stored per transaction: a checkpoint per batch, memory bounded by two batches (one in flight). */
export const IMPORT_BATCH = 5000;
/**
 * Series points per batch, whatever its item count: a day item holds up to 1,440 minutes, so 5,000 of
 * them would hold 7 M values (the day's values as JS arrays, the packed days, the derived refresh of
 * their dates); 2 M points is about 1,400 days of minutes a batch.
 */
const IMPORT_BATCH_POINTS = 2_000_000;
/** Refusals kept with their line in the report (the count stays complete). */
const MAX_REFUSALS = 200;

interface ImportCheckpoint {
  /** Items of the parser's sequence already handled (stored, skipped or refused). */
  itemsDone: number;
  /** Local dates whose daily values wait for the import's end (kept across a restart). */
  pendingDays?: string[];
}

const emptyReport = (): ImportReport => ({
  imported: { readings: 0, series: 0, sessions: 0 },
  duplicates: 0,
  refused: 0,
  refusals: [],
  unmapped: [],
  skippedFiles: [],
});

/**
 * The shared half of every import: reads the parser's items, hands health items to the one write door
 * (the ingest: unit conversion through the catalog, physical ranges, `source = 'import'` with the
 * import's id, the duplicate rule) in batches, and after each batch commits the checkpoint and the
 * report in the same transaction, so a restart neither loses nor repeats a batch.
 */
export async function runPipeline(
  ctx: AppContext,
  row: ImportRow,
  parser: ImportParser,
  file: string,
  opts: ParseOptions,
  /** Items read so far, after each batch (the CLI's progress bar). */
  onProgress?: (itemsDone: number) => void,
): Promise<ImportReport> {
  const repo = createImportsRepo(ctx.database.db);
  const writer = createImportBatchWriter(ctx);
  const report: ImportReport = (row.report as ImportReport | null) ?? emptyReport();
  const unmapped = new Map(report.unmapped.map((u) => [u.type, u.count]));
  const resume = row.resume as ImportCheckpoint | null;
  const skipFirst = resume?.itemsDone ?? 0;
  /**
   * The daily totals and resting heart rate of the dates the batches touched are recomputed once, in
   * the last batch's transaction, not in every batch (a file per metric each covering every day: each
   * date was computed once per file). Until the import ends, the dates ride in the checkpoint.
   */
  const pendingDays = new Set(resume?.pendingDays ?? []);
  let index = 0;
  let batch: Array<Extract<ImportItem, { line: number; kind: HealthItem['kind'] }>> = [];
  /** Series values in `batch`. */
  let points = 0;

  const refuse = (into: ImportReport, r: { file?: string; line: number; code: string; reason: string }) => {
    into.refused += 1;
    if (into.refusals.length < MAX_REFUSALS)
      into.refusals.push({
        ...(r.file ? { file: r.file } : {}),
        line: r.line,
        code: r.code,
        reason: r.reason,
      });
  };

  const tally = (into: ImportReport, item: (typeof batch)[number], result: ItemResult) => {
    if (result.status === 'stored')
      into.imported[item.kind === 'reading' ? 'readings' : item.kind === 'series' ? 'series' : 'sessions'] +=
        1;
    else if (result.status === 'duplicate') into.duplicates += 1;
    else {
      const first = result.errors?.[0];
      if (first?.code === 'duplicate_in_batch') into.duplicates += 1;
      else
        refuse(into, {
          file: item.file,
          line: item.line,
          code: first?.code ?? 'invalid',
          reason: first?.message ?? 'Not valid.',
        });
    }
  };

  /**
   * Stores one batch with its checkpoint in one transaction. `upTo` and `parsed` are where the parser
   * stood when the batch was cut (items read, and the report's counts of that point), since it goes on
   * reading the next batch meanwhile: the checkpoint says exactly what this commit covers.
   */
  const store = async (items: typeof batch, upTo: number, parsed: ImportReport, last: boolean) => {
    await ctx.database.db.transaction(async (tx) => {
      if (items.length) {
        const bodies = items.map(({ line: _line, file: _file, ...item }) => item);
        const results = await writer.store(row.userId, row.id, bodies, tx, pendingDays);
        for (const r of results) {
          tally(report, items[r.index]!, r);
          tally(parsed, items[r.index]!, r);
        }
      }
      if (last) await writer.refreshDays(row.userId, pendingDays, tx);
      await repo.checkpoint(
        row.userId,
        row.id,
        {
          progress: { itemsDone: upTo },
          resume: {
            itemsDone: upTo,
            ...(last ? {} : { pendingDays: [...pendingDays] }),
          } satisfies ImportCheckpoint,
          report: parsed,
          updatedAt: ctx.now(),
        },
        tx,
      );
    });
    onProgress?.(upTo);
  };

  // The parser reads the next batch while the database stores this one (one batch in flight): the
  // CPU's parsing and the server's round trips overlap instead of taking turns.
  let inFlight: Promise<void> | undefined;
  const flush = async (last = false) => {
    await inFlight;
    const items = batch;
    batch = [];
    points = 0;
    report.unmapped = [...unmapped].map(([type, count]) => ({ type, count }));
    inFlight = store(items, index, structuredClone(report), last);
    // Not awaited here; a failure is seen at the next flush or at the end.
    inFlight.catch(() => {});
  };

  try {
    for await (const item of parser.parse(file, opts)) {
      index += 1;
      if (index <= skipFirst) continue;
      if (item.kind === 'refused') refuse(report, item);
      else if (item.kind === 'unmapped') unmapped.set(item.type, (unmapped.get(item.type) ?? 0) + 1);
      else if (item.kind === 'skipped_file')
        report.skippedFiles.push({ file: item.file, reason: item.reason });
      else {
        batch.push(item);
        if (item.kind === 'series') points += item.values.length;
      }
      if (batch.length >= IMPORT_BATCH || points >= IMPORT_BATCH_POINTS) await flush();
    }
    await flush(true);
  } finally {
    // A file found unreadable mid-way fails the import, which removes what it stored: the batch in
    // flight must have committed (or not) before, never after that removal.
    await inFlight?.catch(() => {});
  }
  await inFlight;
  return report;
}
