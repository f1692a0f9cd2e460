import { z } from 'zod';

/** Issue #18: bringing a history from another service (docs/import.md). */
export const importFormats = ['withings_archive', 'apple_health', 'fhir', 'csv'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** The largest file an import may upload (an Apple Health export of many years), and one chunk. */
export const MAX_IMPORT_BYTES = 5 * 1024 ** 3;
export const MAX_IMPORT_CHUNK_BYTES = 8 * 1024 ** 2;

export const importCreateBody = z.object({
  format: z.enum(importFormats),
  fileName: z.string().min(1).max(255),
  size: z.number().int().min(1).max(MAX_IMPORT_BYTES),
  options: z.record(z.string(), z.unknown()).optional(),
});
export type ImportCreateBody = z.infer<typeof importCreateBody>;

/** A row refused: where and why, never its value. */
export const importRefusalSchema = z.object({
  file: z.string().optional(),
  line: z.number().int(),
  code: z.string(),
  reason: z.string(),
});

export const importReportSchema = z.object({
  imported: z.object({ readings: z.number(), series: z.number(), sessions: z.number() }),
  duplicates: z.number(),
  refused: z.number(),
  /** The first refusals, with their line (the count above is complete). */
  refusals: z.array(importRefusalSchema),
  unmapped: z.array(z.object({ type: z.string(), count: z.number() })),
  skippedFiles: z.array(z.object({ file: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importStates = [
  'uploading',
  'queued',
  'running',
  'done',
  'failed',
  'undoing',
  'undone',
] as const;

export const importViewSchema = z.object({
  id: z.string(),
  format: z.enum(importFormats),
  fileName: z.string(),
  state: z.enum(importStates),
  bytesTotal: z.number(),
  bytesReceived: z.number(),
  /** Items read from the file so far (parse and store). */
  itemsDone: z.number(),
  report: importReportSchema.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});
export type ImportView = z.infer<typeof importViewSchema>;

export const importUploadResultSchema = z.object({
  bytesReceived: z.number(),
  state: z.enum(importStates),
});

/** How the dates of a CSV are written (the mapping step's choice). */
export const csvDateFormats = [
  'iso',
  'YYYY-MM-DD HH:mm',
  'DD/MM/YYYY HH:mm',
  'MM/DD/YYYY HH:mm',
  'unix_seconds',
] as const;

/**
 * The column mapping of a CSV import (its `options`): the date column and how it is written, the zone
 * of times written without an offset (none: such rows are refused), and a metric and unit per column.
 */
export const csvMappingSchema = z.object({
  dateColumn: z.string().min(1).max(200),
  dateFormat: z.enum(csvDateFormats),
  timeZone: z.string().min(1).max(64).optional(),
  columns: z
    .array(
      z.object({
        column: z.string().min(1).max(200),
        metric: z.string().min(1).max(64),
        unit: z.string().min(1).max(32),
      }),
    )
    .min(1)
    .max(50),
});
export type CsvMapping = z.infer<typeof csvMappingSchema>;
