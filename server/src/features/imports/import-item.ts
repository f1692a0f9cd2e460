import type { HealthItem } from '@vitalbase/core';
import type { SleepStageTotals } from '../health-data';

/**
 * What every import format yields (issue #18): a parser turns one file into an async iterable of these
 * items, in a stable order, and the shared pipeline (import-pipeline.ts) does the rest — unit
 * conversion through the catalog and the physical ranges (the ingest's validateHealthItem), the
 * duplicate rule (docs/import.md), storing in batches with a checkpoint, the report.
 *
 * To add a format (the Apple Health export.xml parser is the next one):
 *  1. write `<format>.parser.ts` exporting an `ImportParser` whose `parse` streams the file — never
 *     load it whole (saxes for XML, csv-parse for CSV, `zipEntries` for archives) — and yields
 *     `ImportItem`s: health items exactly as the sync API takes them (values in any unit the catalog
 *     knows, ISO 8601 times with their UTC offset, series at a fixed interval) with the `line` (or
 *     record number) they came from, plus `refused` for a row it cannot read and `unmapped` for a type
 *     it does not map (counted in the report, never a value);
 *  2. throw `UnreadableFile` for what makes the whole file unreadable (not a ZIP, truncated, a ZIP
 *     bomb, entity expansion): the pipeline then removes whatever this import stored and fails it;
 *  3. list it in `parsers.ts`. The order of items must not depend on anything but the file: a restart
 *     skips the first `itemsDone` items of the checkpoint (a parser may also offer a faster `resumeAt`).
 * The parser runs in the import thread (import-worker.ts): its items cross to the main thread by
 * structured clone, so they are plain data (no class instances, no functions), and its errors by
 * message (an `UnreadableFile` keeps its code and message; any other error fails the import as
 * unexpected).
 */
export type ImportItem =
  | (HealthItem & { line: number; file?: string; stageTotals?: SleepStageTotals })
  | { kind: 'refused'; line: number; file?: string; code: string; reason: string }
  | { kind: 'unmapped'; type: string; file?: string }
  | { kind: 'skipped_file'; file: string; reason: string };

export interface ParseOptions {
  /** The account's IANA zone: where a format's local times without an offset are placed. */
  timeZone: string;
  /** The import's options (the CSV column mapping). */
  options: Record<string, unknown>;
  /** The user holds the geolocation consent (P13): location data (workout routes) may be imported. */
  mayStoreLocation?: boolean;
  limits: ImportLimits;
}

export interface ImportLimits {
  /** The most an archive may expand to, in bytes, and the most one entry may expand over its size. */
  maxExpandedBytes: number;
  maxRatio: number;
  maxEntries: number;
}

export interface ImportParser {
  parse(file: string, opts: ParseOptions): AsyncIterable<ImportItem>;
}

/** The whole file cannot be read: the import fails with this message and keeps nothing. */
export class UnreadableFile extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableFile';
  }
}
