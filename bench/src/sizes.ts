/**
 * How much data each workload uses. `full` is scaled to finish in under ten minutes on a 2-core machine
 * (both engines); `smoke` only proves every workload runs and produces numbers, in seconds.
 */
export interface Sizes {
  /** Ingest: devices syncing at once, days each, days per sync request. */
  devices: number;
  daysPerDevice: number;
  daysPerBatch: number;
  /** Reads: the heavy user's minute-level heart rate (days), minute-level steps (days), weigh-ins (days). */
  heartRateDays: number;
  stepsDays: number;
  weighInDays: number;
  /** Reads: autocannon connections and seconds per endpoint. */
  connections: number;
  readSeconds: number;
  /** Export and erasure: the heavy user's days of minute heart rate, minute steps and nights, and weigh-in days. */
  exportDays: number;
  exportWeighInDays: number;
  /** Erasure: the other user's clients reading while the purge runs (a normal load, not saturation). */
  erasureConnections: number;
  /** Growth: days of minute heart rate and steps at 1×, and the multiples measured. */
  growthBaseDays: number;
  growthScales: number[];
}

export const fullSizes: Sizes = {
  devices: 32,
  daysPerDevice: 7,
  daysPerBatch: 1,
  heartRateDays: 365,
  stepsDays: 365,
  weighInDays: 5 * 365,
  connections: 32,
  readSeconds: 10,
  exportDays: 5 * 365,
  exportWeighInDays: 2_350, // ≈ 2,000 weigh-ins (the generator skips ~15 % of mornings)
  erasureConnections: 4,
  growthBaseDays: 4,
  growthScales: [1, 10, 100],
};

export const smokeSizes: Sizes = {
  devices: 4,
  daysPerDevice: 2,
  daysPerBatch: 1,
  heartRateDays: 3,
  stepsDays: 3,
  weighInDays: 40,
  connections: 4,
  readSeconds: 1,
  exportDays: 3,
  exportWeighInDays: 40,
  erasureConnections: 2,
  growthBaseDays: 1,
  growthScales: [1, 2, 4],
};
