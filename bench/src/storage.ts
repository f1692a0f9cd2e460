import type { BenchApp } from './setup';

export interface StorageResult {
  seriesPoints: number;
  seriesBytes: number;
  bytesPerIntradayPoint: number;
  /** The stored size of the packed points and of the 15-minute rollups alone (pg_column_size), per point. */
  pointColumnBytesPerPoint: number;
  rollupColumnBytesPerPoint: number;
  measures: number;
  readings: number;
  readingBytes: number;
  bytesPerMeasure: number;
  bytesPerReading: number;
}

/**
 * Workload 2: bytes on disk per stored value, table + indexes + TOAST (pg_total_relation_size), after
 * VACUUM so dead tuples of merged days do not count. Measured on everything the run stored.
 */
export async function runStorage(b: BenchApp): Promise<StorageResult> {
  for (const table of ['health_series_days', 'health_readings', 'health_measures']) {
    await b.database.raw.query(`VACUUM ANALYZE ${table}`);
  }
  const one = async (sql: string) => Number((await b.database.raw.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  const seriesPoints = await one('SELECT coalesce(sum(point_count), 0)::bigint AS n FROM health_series_days');
  const seriesBytes = await one(`SELECT pg_total_relation_size('health_series_days') AS n`);
  const pointBytes = await one(
    'SELECT coalesce(sum(pg_column_size(points)), 0)::bigint AS n FROM health_series_days',
  );
  const rollupBytes = await one(
    'SELECT coalesce(sum(pg_column_size(rollup)), 0)::bigint AS n FROM health_series_days',
  );
  const measures = await one('SELECT count(*) AS n FROM health_measures');
  const readings = await one('SELECT count(*) AS n FROM health_readings');
  const readingBytes = await one(
    `SELECT pg_total_relation_size('health_readings') + pg_total_relation_size('health_measures') AS n`,
  );
  return {
    seriesPoints,
    seriesBytes,
    bytesPerIntradayPoint: seriesBytes / seriesPoints,
    pointColumnBytesPerPoint: pointBytes / seriesPoints,
    rollupColumnBytesPerPoint: rollupBytes / seriesPoints,
    measures,
    readings,
    readingBytes,
    bytesPerMeasure: readingBytes / measures,
    bytesPerReading: readingBytes / readings,
  };
}
