import { z } from 'zod';
import { boundedDateSchema, boundedInstantSchema } from '../input-bounds';
import { isoWithOffsetSchema, measureInputSchema, readingItemSchema } from './items';

/** Query API shapes (/api/health-data/…), shared by the server routes, the web app and the CLI. */

const instant = boundedInstantSchema;
const localDateSchema = boundedDateSchema;

export const measureOutSchema = z.object({
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  /** Present when the user corrected the value (P8): the value as first stored, who and when. */
  correction: z
    .object({ originalValue: z.number(), correctedBy: z.string(), correctedAt: z.string() })
    .optional(),
});
export const readingOutSchema = z.object({
  id: z.string(),
  takenAt: z.string(),
  utcOffsetMinutes: z.number(),
  source: z.string(),
  deviceId: z.string().nullable(),
  clientRef: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  measures: z.array(measureOutSchema),
  /** The user's own note and tags (notes.ts), on the app's reading lists and pages; absent when none. */
  annotation: z.object({ note: z.string(), tags: z.array(z.string()) }).optional(),
});
export type ReadingOut = z.infer<typeof readingOutSchema>;

/** A manual entry: a reading item without `kind`. */
export const manualReadingSchema = readingItemSchema.omit({ kind: true });
export type ManualReading = z.infer<typeof manualReadingSchema>;

/** A correction: a new time and/or new values for metrics the reading already holds. */
export const readingPatchSchema = z
  .object({
    takenAt: isoWithOffsetSchema.optional(),
    measures: z.array(measureInputSchema).min(1).max(50).optional(),
  })
  .refine((p) => p.takenAt !== undefined || p.measures !== undefined, { message: 'Nothing to change.' });

export const readingIdParamsSchema = z.object({ id: z.uuid() });

export const readingsQuerySchema = z.object({
  metric: z.string().min(1).max(64),
  from: instant,
  to: instant,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const readingsPageSchema = z.object({
  items: z.array(readingOutSchema),
  nextCursor: z.string().nullable(),
});

export const changesQuerySchema = z.object({
  since: instant,
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const stageOutSchema = z.object({ stage: z.string(), start: z.string(), end: z.string() });
export const eventOutSchema = z.object({ type: z.string(), start: z.string(), end: z.string() });
export const sessionOutSchema = z.object({
  id: z.string(),
  type: z.enum(['sleep', 'workout']),
  start: z.string(),
  end: z.string(),
  utcOffsetMinutes: z.number(),
  source: z.string(),
  deviceId: z.string().nullable(),
  workoutType: z.string().nullable(),
  stages: z.array(stageOutSchema),
  events: z.array(eventOutSchema),
  metrics: z.array(z.object({ metric: z.string(), value: z.number(), unit: z.string() })),
  route: z.array(
    z.object({ at: z.string(), lat: z.number(), lon: z.number(), altitudeM: z.number().optional() }),
  ),
  updatedAt: z.string(),
});
export type SessionOut = z.infer<typeof sessionOutSchema>;
export const seriesDayOutSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  /** UTC day the points belong to. */
  day: z.string(),
  source: z.string(),
  deviceId: z.string().nullable(),
  intervalSeconds: z.number(),
  /** Instant of values[0]; null is a gap. */
  start: z.string(),
  values: z.array(z.number().nullable()),
  updatedAt: z.string(),
});
export const changesOutSchema = z.object({
  readings: z.array(readingOutSchema.extend({ deleted: z.boolean() })),
  sessions: z.array(sessionOutSchema.extend({ deleted: z.boolean() })),
  seriesDays: z.array(seriesDayOutSchema),
  /** More changes: call again with this cursor (and the same `since`). */
  nextCursor: z.string().nullable(),
  /** When nextCursor is null: the `since` for the next catch-up. */
  nextSince: z.string(),
});

export const timeseriesQuerySchema = z.object({
  metric: z.string().min(1).max(64),
  from: instant,
  to: instant,
  /** Optional bucket size; the server raises it if the range would need more than 2,000 buckets. */
  bucketSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(366 * 86400)
    .optional(),
});
export const timeseriesOutSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  bucketSeconds: z.number(),
  buckets: z.array(
    z.object({ start: z.string(), min: z.number(), max: z.number(), mean: z.number(), count: z.number() }),
  ),
});

export const aggregatesQuerySchema = z.object({
  metric: z.string().min(1).max(64),
  period: z.enum(['day', 'week', 'month']).default('day'),
  /** Local dates (the user's time zone), inclusive. */
  from: localDateSchema,
  to: localDateSchema,
});
export const aggregatesOutSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  period: z.enum(['day', 'week', 'month']),
  timeZone: z.string(),
  aggregate: z.enum(['sum', 'mean']),
  periods: z.array(
    z.object({
      period: z.string(),
      start: z.string(),
      end: z.string(),
      count: z.number(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      mean: z.number().nullable(),
      sum: z.number().nullable(),
    }),
  ),
});

export const latestOutSchema = z.object({
  raw: z.array(
    z.object({
      metric: z.string(),
      value: z.number(),
      unit: z.string(),
      at: z.string(),
      /** The UTC offset it was taken with: shown where it was lived (docs/time-zones.md). */
      utcOffsetMinutes: z.number(),
      from: z.enum(['reading', 'series']),
    }),
  ),
  derived: z.array(
    z.object({
      kind: z.string(),
      value: z.number().nullable(),
      label: z.string().nullable(),
      at: z.string(),
      utcOffsetMinutes: z.number(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const sessionsQuerySchema = z.object({
  type: z.enum(['sleep', 'workout']).optional(),
  from: instant,
  to: instant,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const sessionsPageSchema = z.object({
  items: z.array(sessionOutSchema),
  nextCursor: z.string().nullable(),
});

export const derivedKinds = [
  'bmi',
  'bp_category',
  'daily_totals',
  'resting_heart_rate',
  'sleep_summary',
] as const;
export const derivedQuerySchema = z.object({ kind: z.enum(derivedKinds), from: instant, to: instant });

/**
 * GET /api/health-data/timeline/adjacent-day: the nearest local day (each reading's own offset) before
 * or after `day` holding a reading of one of `metrics` (comma-separated catalog ids; any when absent),
 * so the timeline pages over the days without readings.
 */
export const adjacentDayQuerySchema = z.object({
  day: localDateSchema,
  direction: z.enum(['older', 'newer']),
  metrics: z.string().min(1).max(2000).optional(),
});
export const adjacentDayOutSchema = z.object({ day: z.iso.date().nullable() });
export type AdjacentDayOut = z.infer<typeof adjacentDayOutSchema>;
export const derivedOutSchema = z.object({
  kind: z.enum(derivedKinds),
  /** Always true: these values are computed by the server from raw data, never measured. */
  derived: z.literal(true),
  items: z.array(
    z.object({
      key: z.string(),
      at: z.string(),
      utcOffsetMinutes: z.number(),
      value: z.number().nullable(),
      label: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
      computedAt: z.string(),
    }),
  ),
});
export type DerivedKind = (typeof derivedKinds)[number];
