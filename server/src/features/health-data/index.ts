// The health-data feature's public face: the only file another feature imports.
export * from './reader';
export type { DailyTotalMetric } from './derived-details';
export { registerHealthData } from './health-data.routes';
export { onHealthWrite, type WrittenRanges } from './health-writes';
export { createHealthDataIngest } from './ingest.service';
export { createImportBatchWriter, type SleepStageTotals } from './import-batch';
export { removeImportedData } from './import-undo';
export { createReadingsRepo } from './readings.repo';
export { recomputeLocalDays } from './time-zone-change';
