import type { z } from 'zod';
import {
  type DeviceKind,
  getMetric,
  type MetricDefinition,
  type MetricShape,
  type SessionEventType,
  type SessionType,
  type SleepStage,
} from './catalog';
import { healthItemSchema, type IngestSource, type ItemError, type MeasureInput } from './items';
import { EARLIEST_INSTANT_MS, findIllFormedText } from '../input-bounds';
import { roundTo, toCanonical } from './units';
import { offsetWrittenIn } from './time';

/** The earliest instant a measurement may carry, and how far ahead of the server's clock (device clocks drift). */
export const EARLIEST_TIME = EARLIEST_INSTANT_MS;
export const MAX_FUTURE_MS = 24 * 3600 * 1000;
export const MAX_SESSION_MS = 24 * 3600 * 1000;

export interface CanonicalMeasure {
  metric: string;
  /** In the metric's canonical unit, rounded to its precision. */
  value: number;
}
export interface NormalizedReading {
  kind: 'reading';
  clientRef?: string;
  takenAt: Date;
  utcOffsetMinutes: number;
  measures: CanonicalMeasure[];
}
export interface NormalizedSeries {
  kind: 'series';
  clientRef?: string;
  metric: string;
  start: Date;
  utcOffsetMinutes: number;
  intervalSeconds: number;
  values: Array<number | null>;
}
export interface NormalizedSession {
  kind: 'session';
  clientRef?: string;
  type: SessionType;
  start: Date;
  end: Date;
  utcOffsetMinutes: number;
  stages: Array<{ stage: SleepStage; start: Date; end: Date }>;
  events: Array<{ type: SessionEventType; start: Date; end: Date }>;
  workoutType?: string;
  metrics: CanonicalMeasure[];
  /** A workout's route, in time order (location data: see the ingest's geolocation check). */
  route: Array<{ at: Date; lat: number; lon: number; altitudeM?: number }>;
}
export type NormalizedItem = NormalizedReading | NormalizedSeries | NormalizedSession;

export interface ValidationContext {
  source: IngestSource;
  deviceKind?: DeviceKind;
  now: Date;
  /** The account's IANA zone: a time written without a local offset (`Z`) is placed there (docs/time-zones.md). */
  timeZone?: string | undefined;
}

export type ValidationResult = { ok: true; item: NormalizedItem } | { ok: false; errors: ItemError[] };

/** Messages say what is wrong and never repeat the submitted value (it may be health data). */
function zodIssueToError(issue: z.core.$ZodIssue): ItemError {
  const path = issue.path.join('.');
  const messages: Record<string, string> = {
    invalid_type: `Expected ${'expected' in issue ? String(issue.expected) : 'another type'} here.`,
    too_small: 'Too small or too short.',
    too_big: 'Too large or too long.',
    invalid_format: 'Not in the expected format (ISO 8601 with a UTC offset for times).',
    invalid_value: 'Not one of the accepted values.',
    invalid_union: 'Not a known item kind (reading, series or session).',
    unrecognized_keys: 'Unknown fields.',
  };
  return {
    path,
    code: issue.code,
    message: issue.code === 'custom' ? issue.message : (messages[issue.code] ?? 'Invalid.'),
  };
}

function checkTime(iso: string, path: string, ctx: ValidationContext, errors: ItemError[]): Date {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) {
    errors.push({ path, code: 'invalid_format', message: 'Not a valid date and time.' });
  } else if (at.getTime() < EARLIEST_TIME) {
    errors.push({ path, code: 'too_early', message: 'Times before 1900 are not accepted.' });
  } else if (at.getTime() > ctx.now.getTime() + MAX_FUTURE_MS) {
    errors.push({
      path,
      code: 'in_future',
      message: 'Times more than a day in the future are not accepted.',
    });
  }
  return at;
}

/** Checks a metric may arrive from this source in this shape; returns its definition when it may. */
function checkMetric(
  id: string,
  shape: MetricShape | 'session_metric',
  path: string,
  ctx: ValidationContext,
  errors: ItemError[],
): MetricDefinition | undefined {
  const def = getMetric(id);
  if (!def) {
    errors.push({
      path,
      code: 'unknown_metric',
      message: 'This metric is not in the catalog (GET /api/health-data/catalog).',
    });
    return undefined;
  }
  if (def.derived) {
    errors.push({
      path,
      code: 'derived_metric',
      message: `${def.id} is computed by the server and cannot be sent.`,
    });
    return undefined;
  }
  if (shape !== 'session_metric' && !def.shapes.includes(shape)) {
    errors.push({ path, code: 'wrong_shape', message: `${def.id} is not accepted as a ${shape}.` });
    return undefined;
  }
  if (ctx.source === 'device' && (!ctx.deviceKind || !def.deviceKinds.includes(ctx.deviceKind))) {
    errors.push({
      path,
      code: 'not_produced_by_device',
      message: `This kind of device does not produce ${def.id}.`,
    });
    return undefined;
  }
  if (ctx.source === 'manual' && !def.manual) {
    errors.push({ path, code: 'not_manual', message: `${def.id} cannot be entered by hand.` });
    return undefined;
  }
  return def;
}

/** A value in `unit` → canonical and rounded, or an error (unknown unit, out of the physical range). */
export function canonicalValue(
  def: MetricDefinition,
  value: number,
  unit: string,
  path: string,
  errors: ItemError[],
): number | undefined {
  const converted = toCanonical(def.units, unit, value);
  if (converted === undefined) {
    errors.push({
      path: `${path}.unit`,
      code: 'unknown_unit',
      message: `Unit not accepted for ${def.id}; use one of: ${Object.keys(def.units).join(', ')}.`,
    });
    return undefined;
  }
  if (!Number.isFinite(converted)) {
    errors.push({ path: `${path}.value`, code: 'not_finite', message: 'The value must be a finite number.' });
    return undefined;
  }
  const rounded = roundTo(converted, def.decimals);
  if (rounded < def.range.min || rounded > def.range.max) {
    errors.push({
      path: `${path}.value`,
      code: 'out_of_range',
      message: `Outside the physical range of ${def.id} (${def.range.min}–${def.range.max} ${def.unit}).`,
    });
    return undefined;
  }
  return rounded;
}

function checkMeasures(
  measures: MeasureInput[],
  shape: MetricShape | 'session_metric',
  base: string,
  ctx: ValidationContext,
  errors: ItemError[],
): CanonicalMeasure[] {
  const out: CanonicalMeasure[] = [];
  const seen = new Set<string>();
  measures.forEach((m, i) => {
    const path = `${base}.${i}`;
    if (seen.has(m.metric)) {
      errors.push({
        path: `${path}.metric`,
        code: 'duplicate_metric',
        message: 'The same metric appears twice.',
      });
      return;
    }
    seen.add(m.metric);
    const def = checkMetric(m.metric, shape, `${path}.metric`, ctx, errors);
    if (!def) return;
    const value = canonicalValue(def, m.value, m.unit, path, errors);
    if (value !== undefined) out.push({ metric: def.id, value });
  });
  return out;
}

function checkSpan(start: Date, end: Date, path: string, errors: ItemError[]) {
  if (end.getTime() <= start.getTime()) {
    errors.push({ path, code: 'end_before_start', message: 'The end must come after the start.' });
  }
}

/**
 * Validates one item of a batch against its schema and the catalog, and converts it to canonical units.
 * Pure: the same rules run on the server, in the web app's forms and in the CLI.
 */
export function validateHealthItem(raw: unknown, ctx: ValidationContext): ValidationResult {
  // Checked here, item by item, so one bad item of a device's batch is refused alone (the edge check
  // that refuses a whole body leaves a batch's items to this).
  const illFormed = findIllFormedText(raw);
  if (illFormed !== undefined) {
    return {
      ok: false,
      errors: [
        {
          path: illFormed,
          code: 'ill_formed_text',
          message: 'Text must be valid Unicode without the NUL character (U+0000).',
        },
      ],
    };
  }
  const parsed = healthItemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.slice(0, 20).map(zodIssueToError) };
  const item = parsed.data;
  const errors: ItemError[] = [];

  if (item.kind === 'reading') {
    const takenAt = checkTime(item.takenAt, 'takenAt', ctx, errors);
    const measures = checkMeasures(item.measures, 'reading', 'measures', ctx, errors);
    if (errors.length) return { ok: false, errors };
    return {
      ok: true,
      item: {
        kind: 'reading',
        clientRef: item.clientRef,
        takenAt,
        utcOffsetMinutes: offsetWrittenIn(item.takenAt, ctx.timeZone),
        measures,
      },
    };
  }

  if (item.kind === 'series') {
    const start = checkTime(item.start, 'start', ctx, errors);
    const endMs = start.getTime() + (item.values.length - 1) * item.intervalSeconds * 1000;
    if (endMs > ctx.now.getTime() + MAX_FUTURE_MS) {
      errors.push({
        path: 'values',
        code: 'in_future',
        message: 'The series reaches more than a day into the future.',
      });
    }
    if (start.getTime() % (item.intervalSeconds * 1000) !== 0) {
      errors.push({
        path: 'start',
        code: 'misaligned_start',
        message: 'The start must fall on a multiple of the interval.',
      });
    }
    const def = checkMetric(item.metric, 'series', 'metric', ctx, errors);
    const values: Array<number | null> = [];
    if (def) {
      let pointErrors = 0;
      for (let i = 0; i < item.values.length && pointErrors < 10; i++) {
        const v = item.values[i];
        if (v === null || v === undefined) {
          values.push(null);
          continue;
        }
        const before = errors.length;
        const c = canonicalValue(def, v, item.unit, `values.${i}`, errors);
        if (errors.length > before) {
          // One unit error is enough; out-of-range points are listed (up to ten).
          if (errors.at(-1)?.code === 'unknown_unit') {
            errors.at(-1)!.path = 'unit';
            break;
          }
          errors.at(-1)!.path = `values.${i}`;
          pointErrors++;
        }
        values.push(c ?? null);
      }
      if (!errors.length && values.every((v) => v === null)) {
        errors.push({ path: 'values', code: 'empty_series', message: 'The series holds no value.' });
      }
    }
    if (errors.length || !def) return { ok: false, errors };
    return {
      ok: true,
      item: {
        kind: 'series',
        clientRef: item.clientRef,
        metric: def.id,
        start,
        utcOffsetMinutes: offsetWrittenIn(item.start, ctx.timeZone),
        intervalSeconds: item.intervalSeconds,
        values,
      },
    };
  }

  const start = checkTime(item.start, 'start', ctx, errors);
  const end = checkTime(item.end, 'end', ctx, errors);
  checkSpan(start, end, 'end', errors);
  if (end.getTime() - start.getTime() > MAX_SESSION_MS) {
    errors.push({ path: 'end', code: 'too_long', message: 'A session lasts at most 24 hours.' });
  }
  checkMetric(item.type, 'session', 'type', ctx, errors);
  const within = (s: Date, e: Date, path: string) => {
    checkSpan(s, e, path, errors);
    if (s.getTime() < start.getTime() || e.getTime() > end.getTime()) {
      errors.push({ path, code: 'outside_session', message: 'Must lie within the session.' });
    }
  };
  const stages = (item.stages ?? []).map((s, i) => {
    const st = { stage: s.stage, start: new Date(s.start), end: new Date(s.end) };
    within(st.start, st.end, `stages.${i}`);
    return st;
  });
  if (stages.length && item.type !== 'sleep') {
    errors.push({ path: 'stages', code: 'stages_not_sleep', message: 'Only a sleep session has stages.' });
  }
  const sorted = [...stages].sort((a, b) => a.start.getTime() - b.start.getTime());
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start.getTime() < sorted[i - 1]!.end.getTime()) {
      errors.push({ path: 'stages', code: 'overlapping_stages', message: 'Sleep stages must not overlap.' });
      break;
    }
  }
  const events = (item.events ?? []).map((ev, i) => {
    const e = { type: ev.type, start: new Date(ev.start), end: new Date(ev.end) };
    within(e.start, e.end, `events.${i}`);
    if (e.type === 'snoring') checkMetric('snoring', 'session', `events.${i}.type`, ctx, errors);
    return e;
  });
  const metrics = checkMeasures(item.metrics ?? [], 'session_metric', 'metrics', ctx, errors);
  const route = (item.route ?? []).map((p, i) => {
    const at = checkTime(p.at, `route.${i}.at`, ctx, errors);
    if (at.getTime() < start.getTime() || at.getTime() > end.getTime()) {
      errors.push({
        path: `route.${i}.at`,
        code: 'outside_session',
        message: 'Must lie within the session.',
      });
    }
    // ~11 cm at 6 decimals: finer than any consumer GPS, and no false precision stored.
    const point: { at: Date; lat: number; lon: number; altitudeM?: number } = {
      at,
      lat: roundTo(p.lat, 6),
      lon: roundTo(p.lon, 6),
    };
    if (p.altitudeM !== undefined) point.altitudeM = roundTo(p.altitudeM, 1);
    return point;
  });
  if (route.length && item.type !== 'workout') {
    errors.push({ path: 'route', code: 'route_not_workout', message: 'Only a workout has a route.' });
  }
  route.sort((a, b) => a.at.getTime() - b.at.getTime());
  if (errors.length) return { ok: false, errors: errors.slice(0, 20) };
  return {
    ok: true,
    item: {
      kind: 'session',
      clientRef: item.clientRef,
      type: item.type,
      start,
      end,
      utcOffsetMinutes: offsetWrittenIn(item.start, ctx.timeZone),
      stages: sorted,
      events,
      workoutType: item.workoutType,
      metrics,
      route,
    },
  };
}

/** What makes two items of one batch the same measurement (same kind, time and metrics). */
export function itemIdentity(item: NormalizedItem): string {
  if (item.kind === 'reading') {
    return `r|${item.takenAt.getTime()}|${item.measures
      .map((m) => m.metric)
      .sort()
      .join(',')}`;
  }
  if (item.kind === 'series') return `s|${item.metric}|${item.start.getTime()}|${item.intervalSeconds}`;
  return `x|${item.type}|${item.start.getTime()}`;
}
