import type { healthReadings } from './health-data.schema';

type ReadingRow = typeof healthReadings.$inferSelect;

/**
 * A reading's columns as the hand-written hot reads select them (issue 17: rows mapped by hand, not by
 * drizzle), and their mapping back to the row drizzle would give. One spelling for the readings page
 * (readings.repo.ts) and the partners' measure groups (reader/measure-groups.ts).
 */
const COLUMNS = [
  'id',
  'taken_at',
  'utc_offset_minutes',
  'source',
  'device_id',
  'client_ref',
  'metrics_key',
  'import_id',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;

export const readingColumns = (alias: string) => COLUMNS.map((c) => `${alias}.${c}`).join(', ');

export interface RawReadingColumns {
  id: string;
  taken_at: Date;
  utc_offset_minutes: number;
  source: ReadingRow['source'];
  device_id: string | null;
  client_ref: string | null;
  metrics_key: string;
  import_id: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** The reading of one user's row (every hot read is keyed by that user). */
export function readingFromColumns(userId: string, r: RawReadingColumns): ReadingRow {
  return {
    userId,
    id: r.id,
    takenAt: r.taken_at,
    utcOffsetMinutes: r.utc_offset_minutes,
    source: r.source,
    deviceId: r.device_id,
    clientRef: r.client_ref,
    metricsKey: r.metrics_key,
    importId: r.import_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
}
