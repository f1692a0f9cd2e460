/**
 * The one read path for health data from outside the feature (wbsapi, fhir, export): the queries on
 * health-data's tables live here, beside the schema they depend on, so a change of storage is made
 * once. The tombstone rule is tombstones.ts; the user's time zone is accounts' `timeZoneOf`.
 */
import { healthDerived, healthReadingNotes } from '../health-data.schema';

export {
  derivedPages,
  healthOverview,
  measurePages,
  type PageOptions,
  readingPages,
  seriesDayPages,
  seriesDayScaled,
  seriesDayPoints,
  sessionPages,
} from './export-pages';
export {
  createObservationsRepo,
  type InstantRange,
  type ObservationQuery,
  type ObservationRow,
} from './observations';
export type { ReadingGroup } from './partner-reads';
export { readingNotePages } from './note-pages';
export { isLive } from './tombstones';
export {
  latestMeasuresOf,
  type MeasureAt,
  measuresSinceQuery,
  readingPagesIn,
} from './clinic-reads';
export { partnerReads } from './partner-reads';
export { seriesPointsBetween } from './clinic-series';

/**
 * The derived-values table, for the archive's table-by-table section only (export-sections.ts reads
 * every row as stored, like any other table); everything else reads derived values through the
 * functions above.
 */
export const derivedTableForArchive = healthDerived;

/** The notes-on-readings table, for the archive's table-by-table section (data.json `readingNotes`). */
export const readingNotesTableForArchive = healthReadingNotes;
