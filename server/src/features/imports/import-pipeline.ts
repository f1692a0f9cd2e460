import type { HealthItem, ImportReport, ItemResult } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { createHealthDataIngest } from '../health-data';
import type { ImportItem, ImportParser, ParseOptions } from './import-item';
import { createImportsRepo, type ImportRow } from './imports.repo';

/** Items stored per transaction: a checkpoint per batch, memory bounded by one batch. */
const IMPORT_BATCH = 1000;
/** Refusals kept with their line in the report (the count stays complete). */
const MAX_REFUSALS = 200;

interface ImportCheckpoint {
  /** Items of the parser's sequence already handled (stored, skipped or refused). */
  itemsDone: number;
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
  const ingest = createHealthDataIngest(ctx);
  const report: ImportReport = (row.report as ImportReport | null) ?? emptyReport();
  const unmapped = new Map(report.unmapped.map((u) => [u.type, u.count]));
  const skipFirst = (row.resume as ImportCheckpoint | null)?.itemsDone ?? 0;
  let index = 0;
  let batch: Array<Extract<ImportItem, { line: number; kind: HealthItem['kind'] }>> = [];

  const refuse = (r: { file?: string; line: number; code: string; reason: string }) => {
    report.refused += 1;
    if (report.refusals.length < MAX_REFUSALS) report.refusals.push(r);
  };

  const tally = (item: (typeof batch)[number], result: ItemResult) => {
    if (result.status === 'stored')
      report.imported[
        item.kind === 'reading' ? 'readings' : item.kind === 'series' ? 'series' : 'sessions'
      ] += 1;
    else if (result.status === 'duplicate') report.duplicates += 1;
    else {
      const first = result.errors?.[0];
      if (first?.code === 'duplicate_in_batch') report.duplicates += 1;
      else
        refuse({
          ...(item.file ? { file: item.file } : {}),
          line: item.line,
          code: first?.code ?? 'invalid',
          reason: first?.message ?? 'Not valid.',
        });
    }
  };

  const flush = async () => {
    const items = batch;
    batch = [];
    await ctx.database.db.transaction(async (tx) => {
      if (items.length) {
        const bodies = items.map(({ line: _line, file: _file, ...item }) => item);
        const { results } = await ingest.ingest(
          row.userId,
          { source: 'import', importId: row.id },
          bodies,
          tx,
        );
        for (const r of results) tally(items[r.index]!, r);
      }
      report.unmapped = [...unmapped].map(([type, count]) => ({ type, count }));
      await repo.checkpoint(
        row.userId,
        row.id,
        {
          progress: { itemsDone: index },
          resume: { itemsDone: index } satisfies ImportCheckpoint,
          report,
          updatedAt: ctx.now(),
        },
        tx,
      );
    });
    onProgress?.(index);
  };

  for await (const item of parser.parse(file, opts)) {
    index += 1;
    if (index <= skipFirst) continue;
    if (item.kind === 'refused')
      refuse({
        ...(item.file ? { file: item.file } : {}),
        line: item.line,
        code: item.code,
        reason: item.reason,
      });
    else if (item.kind === 'unmapped') unmapped.set(item.type, (unmapped.get(item.type) ?? 0) + 1);
    else if (item.kind === 'skipped_file') report.skippedFiles.push({ file: item.file, reason: item.reason });
    else batch.push(item);
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  return report;
}
