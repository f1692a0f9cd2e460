import { z } from 'zod';
import { sessionEventTypes, sessionTypes, sleepStages } from './catalog';

/**
 * What a device sync batch, a manual entry or an import carries: three item kinds, validated one by one
 * (an item failing never fails the others). These schemas check the structure; `validateHealthItem`
 * (validate.ts) checks them against the catalog (metric, unit, range, device kind, time).
 */

/** ISO 8601 with the UTC offset where it was taken ('Z' or ±hh:mm); a local time without offset is refused. */
export const isoWithOffsetSchema = z.iso.datetime({ offset: true });

export const clientRefSchema = z.string().min(1).max(200);

export const measureInputSchema = z.object({
  metric: z.string().min(1).max(64),
  /** JSON cannot carry NaN or Infinity; z.number() also refuses them when a caller passes them in process. */
  value: z.number(),
  unit: z.string().min(1).max(32),
});
export type MeasureInput = z.infer<typeof measureInputSchema>;

export const MAX_MEASURES_PER_READING = 50;
export const MAX_SERIES_POINTS = 86_400;

export const readingItemSchema = z.object({
  kind: z.literal('reading'),
  clientRef: clientRefSchema.optional(),
  takenAt: isoWithOffsetSchema,
  measures: z.array(measureInputSchema).min(1).max(MAX_MEASURES_PER_READING),
});

/**
 * Intraday points at a fixed interval from `start`; null is a gap. `intervalSeconds` divides a day
 * (1, 5, 60, 300 …, at most 3600) and `start` falls on a multiple of it, so every point has one slot.
 */
export const seriesItemSchema = z.object({
  kind: z.literal('series'),
  clientRef: clientRefSchema.optional(),
  metric: z.string().min(1).max(64),
  unit: z.string().min(1).max(32),
  start: isoWithOffsetSchema,
  intervalSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .refine((s) => 86_400 % s === 0, {
      message: 'The interval must divide a day (1, 2, 5, 10, 15, 30, 60 … 3600).',
    }),
  values: z.array(z.number().nullable()).min(1).max(MAX_SERIES_POINTS),
});

/** A day of one point a second is 86,400; a workout route at one point a second for 24 h fits. */
export const MAX_ROUTE_POINTS = 86_400;

export const spanSchema = z.object({ start: isoWithOffsetSchema, end: isoWithOffsetSchema });

export const sessionItemSchema = z.object({
  kind: z.literal('session'),
  clientRef: clientRefSchema.optional(),
  type: z.enum(sessionTypes),
  start: isoWithOffsetSchema,
  end: isoWithOffsetSchema,
  stages: z
    .array(z.object({ stage: z.enum(sleepStages), start: isoWithOffsetSchema, end: isoWithOffsetSchema }))
    .max(2000)
    .optional(),
  events: z
    .array(
      z.object({ type: z.enum(sessionEventTypes), start: isoWithOffsetSchema, end: isoWithOffsetSchema }),
    )
    .max(5000)
    .optional(),
  workoutType: z.string().min(1).max(64).optional(),
  metrics: z.array(measureInputSchema).max(MAX_MEASURES_PER_READING).optional(),
  /** A workout's GPS route. Location data: stored only with the user's geolocation consent (P13). */
  route: z
    .array(
      z.object({
        at: isoWithOffsetSchema,
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        altitudeM: z.number().min(-500).max(9000).optional(),
      }),
    )
    .max(MAX_ROUTE_POINTS)
    .optional(),
});

export const healthItemSchema = z.discriminatedUnion('kind', [
  readingItemSchema,
  seriesItemSchema,
  sessionItemSchema,
]);
export type HealthItem = z.infer<typeof healthItemSchema>;
export type ReadingItem = z.infer<typeof readingItemSchema>;
export type SeriesItem = z.infer<typeof seriesItemSchema>;
export type SessionItem = z.infer<typeof sessionItemSchema>;

/** Where an item comes from. A device's items are checked against what its kind may produce (P7). */
export const ingestSources = ['device', 'manual', 'import', 'partner'] as const;
export type IngestSource = (typeof ingestSources)[number];

/** One item's outcome in a batch answer. */
export const itemErrorSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type ItemError = z.infer<typeof itemErrorSchema>;
export const itemResultSchema = z.object({
  index: z.number().int(),
  status: z.enum(['stored', 'duplicate', 'rejected']),
  /** The stored reading's or session's id, or the series' `<metric>@<start>` reference. */
  ref: z.string().optional(),
  errors: z.array(itemErrorSchema).optional(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;
