import { z } from 'zod';

/**
 * The dashboard's one request for trends (GET /api/health-data/summary): per metric the user has, a
 * value per local day for the last SUMMARY_DAYS days (the sparkline), this week's average and last
 * week's (the change). Values in the metric's canonical unit.
 */
export const SUMMARY_DAYS = 28;

export const summaryMetricSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  /** How a day's values roll up: steps add up (`value` is the day's total), a weight averages. */
  aggregate: z.enum(['sum', 'mean']),
  /** SUMMARY_DAYS local dates, oldest first, the last one today; null: nothing measured that day. */
  days: z.array(z.object({ date: z.string(), value: z.number().nullable() })),
  /**
   * The average of the last 7 days (of day totals for a sum, of every value for a mean) and of the 7
   * before; null when there was nothing. A sum leaves today out: a day under way is not a low day.
   */
  average7: z.number().nullable(),
  previous7: z.number().nullable(),
});
export const summaryOutSchema = z.object({
  timeZone: z.string(),
  /** The user's local date now (the last of `days`). */
  today: z.string(),
  metrics: z.array(summaryMetricSchema),
});
export type SummaryMetric = z.infer<typeof summaryMetricSchema>;
export type SummaryOut = z.infer<typeof summaryOutSchema>;
