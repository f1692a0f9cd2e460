import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';
import type { DerivedDetails, DerivedKind } from './derived-details';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Where a value came from: 'device' (with device_id), 'manual', 'import' or 'partner'. */
const source = () => text('source', { enum: ['device', 'manual', 'import', 'partner'] }).notNull();

/**
 * RAW. Discrete readings grouped as taken together (a weigh-in = weight + fat + muscle + water + bone).
 * A deleted reading keeps only this tombstone (no values) so other browsers and devices learn of the
 * deletion through "changed since", and so a device re-sending it does not bring it back.
 */
export const healthReadings = pgTable(
  'health_readings',
  {
    userId: userIdColumn(),
    id: idColumn(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    /** The UTC offset where it was taken, so "that morning" stays that morning after travel. */
    utcOffsetMinutes: smallint('utc_offset_minutes').notNull(),
    source: source(),
    deviceId: text('device_id'),
    clientRef: text('client_ref'),
    /** The sorted metric ids, for duplicate detection also after deletion (no values). */
    metricsKey: text('metrics_key').notNull(),
    /** The import that added it (health_imports.id), so undoing the import removes exactly it. */
    importId: uuid('import_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('health_readings_user_taken_idx').on(t.userId, t.takenAt),
    index('health_readings_user_updated_idx').on(t.userId, t.updatedAt),
    index('health_readings_user_import_idx').on(t.userId, t.importId).where(sql`${t.importId} is not null`),
  ],
);

/**
 * RAW. One value of a reading, in the metric's canonical unit. `taken_at` is copied from the reading so
 * "weight between two dates" is one index range. An edit keeps the first value in `original_value`,
 * with who corrected it and when (P8).
 */
export const healthMeasures = pgTable(
  'health_measures',
  {
    userId: userIdColumn(),
    readingId: uuid('reading_id').notNull(),
    metric: text('metric').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    value: doublePrecision('value').notNull(),
    originalValue: doublePrecision('original_value'),
    correctedBy: uuid('corrected_by'),
    correctedAt: timestamp('corrected_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.readingId, t.metric] }),
    index('health_measures_user_metric_taken_idx').on(t.userId, t.metric, t.takenAt),
  ],
);

/**
 * RAW. Intraday series, one row per (user, metric, UTC day, source, interval) holding the points packed:
 * little-endian int16 (or int32 when a value does not fit) of value × 10^decimals, from `first_slot`
 * on, with the type's minimum as the gap sentinel. UTC days, not local days: every day has the same
 * 86,400 s (no 23- or 25-hour days at DST changes), a slot is (instant − midnight UTC) / interval,
 * and a traveller's data never collides; local-day aggregates pick the points by instant instead.
 * About 2 bytes per minute point against ~100 for a row per point (see series-storage.int.test.ts).
 */
export const healthSeriesDays = pgTable(
  'health_series_days',
  {
    userId: userIdColumn(),
    metric: text('metric').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** device id, or the source name for values without a device. */
    sourceKey: text('source_key').notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    source: source(),
    deviceId: text('device_id'),
    utcOffsetMinutes: smallint('utc_offset_minutes').notNull(),
    firstSlot: integer('first_slot').notNull(),
    /** The packed layout (series-codec.ts): 1 = compact (delta bit-packed), 2 or 4 = bytes per point (older rows). */
    width: smallint('width').$type<1 | 2 | 4>().notNull(),
    points: bytea('points').notNull(),
    pointCount: integer('point_count').notNull(),
    /** Per-15-minute min/max/sum/count of the points (series-rollup.ts); null for coarse series. */
    rollup: bytea('rollup'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.metric, t.day, t.sourceKey, t.intervalSeconds] })],
);

/** RAW. Spans of time: a night's sleep with its stages and events (snoring), a workout with its totals. */
export const healthSessions = pgTable(
  'health_sessions',
  {
    userId: userIdColumn(),
    id: idColumn(),
    type: text('type', { enum: ['sleep', 'workout'] }).notNull(),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    utcOffsetMinutes: smallint('utc_offset_minutes').notNull(),
    source: source(),
    deviceId: text('device_id'),
    clientRef: text('client_ref'),
    workoutType: text('workout_type'),
    /** [{ stage, start, end }] with start/end in seconds from the session start. */
    stages: jsonb('stages')
      .$type<Array<{ stage: string; start: number; end: number }>>()
      .notNull()
      .default([]),
    /** [{ type, start, end }] in seconds from the session start. */
    events: jsonb('events')
      .$type<Array<{ type: string; start: number; end: number }>>()
      .notNull()
      .default([]),
    /** [{ metric, value }] in canonical units (a workout's calories, distance, mean heart rate). */
    metrics: jsonb('metrics').$type<Array<{ metric: string; value: number }>>().notNull().default([]),
    /**
     * A workout's GPS route, [{ t, lat, lon, alt? }] with t in seconds from the session start. Location
     * data: the ingest stores it only while the user's geolocation consent is on.
     */
    route: jsonb('route')
      .$type<Array<{ t: number; lat: number; lon: number; alt?: number }>>()
      .notNull()
      .default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The import that added it (health_imports.id). */
    importId: uuid('import_id'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('health_sessions_user_start_idx').on(t.userId, t.startAt),
    index('health_sessions_user_updated_idx').on(t.userId, t.updatedAt),
    index('health_sessions_user_import_idx').on(t.userId, t.importId).where(sql`${t.importId} is not null`),
  ],
);

/**
 * DERIVED. Values the server computes from raw data and recomputes when their inputs change, kept apart
 * from what was measured: bmi (per weigh-in), bp_category (per BP reading), daily_totals and
 * resting_heart_rate (per local day), sleep_summary (per night). `key` names the input: a reading or
 * session id, or a local date.
 */
export const healthDerived = pgTable(
  'health_derived',
  {
    userId: userIdColumn(),
    kind: text('kind').$type<DerivedKind>().notNull(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    utcOffsetMinutes: smallint('utc_offset_minutes').notNull().default(0),
    value: doublePrecision('value'),
    label: text('label'),
    details: jsonb('details').$type<DerivedDetails>().notNull().default(sql`'{}'::jsonb`),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.key] }),
    index('health_derived_user_kind_at_idx').on(t.userId, t.kind, t.at),
  ],
);

/**
 * RAW. The user's own note and tags on a reading ("after coffee", #travel). Health data like the
 * reading itself: exported with it, erased with the account, gone when the reading is deleted.
 */
export const healthReadingNotes = pgTable(
  'health_reading_notes',
  {
    userId: userIdColumn(),
    readingId: uuid('reading_id').notNull(),
    note: text('note').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.readingId] })],
);
