import type { SleepSummary } from '@vitalbase/core';

/** Metrics that add up over a day (the daily_totals derived value). */
export const DAILY_TOTAL_METRICS = [
  'steps',
  'distance',
  'elevation',
  'active_calories',
  'swim_strokes',
] as const;
export type DailyTotalMetric = (typeof DAILY_TOTAL_METRICS)[number];

/**
 * What `health_derived.details` holds, per kind of derived value (derived.service.ts writes them). The
 * column is typed with the union, so a reader names the kind it reads and gets its shape, not a cast.
 */
export type DerivedDetailsByKind = {
  bmi: { weightKg: number; heightM: number; heightReadingId: string };
  bp_category: { systolic: number; diastolic: number; name: string; guideline: string };
  /** The local date and the zone it was cut in, and each total (0 when the day had none of it). */
  daily_totals: { date: string; timeZone: string } & Record<DailyTotalMetric, number>;
  resting_heart_rate: { date: string; timeZone: string };
  // Mapped, not the interface itself: the API answers `details` as a plain record.
  sleep_summary: { [K in keyof SleepSummary]: SleepSummary[K] } & { sessionStart: string };
};
export type DerivedKind = keyof DerivedDetailsByKind;
export type DerivedDetails = DerivedDetailsByKind[DerivedKind];
