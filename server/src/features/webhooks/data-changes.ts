/**
 * What a write changed, as partners are told about it: Withings-style categories (`appli`) with the
 * time range of the changed data. Made inside the write's transaction from what health-data tells its
 * write listeners (`DataChanges.of`), so one trigger gives one callback per subscription and category.
 */
import type { WrittenRanges } from '../health-data';

/** Withings notification categories (appli) that data changes fall in. */
const DATA_APPLIS = [1, 4, 16, 44] as const;
export type DataAppli = (typeof DATA_APPLIS)[number];
/** User events: erasure, disconnect. */
export const USER_EVENT_APPLI = 46;
export const NOTIFY_APPLIS = [...DATA_APPLIS, USER_EVENT_APPLI] as const;

const APPLI_OF_METRIC: Record<string, DataAppli> = {};
const assign = (appli: DataAppli, metrics: string[]) => {
  for (const m of metrics) APPLI_OF_METRIC[m] = appli;
};
// 1: weight and body composition.
assign(1, [
  'weight',
  'height',
  'fat_free_mass',
  'fat_ratio',
  'fat_mass',
  'muscle_mass',
  'hydration',
  'bone_mass',
  'visceral_fat',
  'basal_metabolic_rate',
  'pulse_wave_velocity',
  'vascular_age',
]);
// 4: blood pressure, heart rate, SpO2, temperature (and the other cardio-respiratory readings).
assign(4, [
  'systolic_bp',
  'diastolic_bp',
  'heart_rate',
  'heart_rate_variability',
  'spo2',
  'respiratory_rate',
  'vo2_max',
  'temperature',
  'body_temperature',
  'skin_temperature',
]);
// 16: activity.
assign(16, [
  'steps',
  'distance',
  'elevation',
  'active_calories',
  'swim_strokes',
  'activity_intensity',
  'workout',
]);
// 44: sleep.
assign(44, ['sleep', 'sleep_stage', 'snoring', 'apnea_hypopnea_index', 'movement']);

/** The category a metric's changes are notified under; undefined for data no partner is told about (environment, technical). */
export function appliOfMetric(metric: string): DataAppli | undefined {
  return APPLI_OF_METRIC[metric];
}

/** Which partner scopes let an app hear about a category (Withings or SMART). */
export function scopesForAppli(appli: number): string[] {
  switch (appli) {
    case 1:
    case 4:
      return ['user.metrics', 'patient/Observation.rs'];
    case 16:
      return ['user.activity', 'patient/Observation.rs'];
    case 44:
      return ['user.sleepevents', 'patient/Observation.rs'];
    default:
      return [];
  }
}

export function grantsAppli(scopes: readonly string[], appli: number): boolean {
  if (appli === USER_EVENT_APPLI) return true;
  return scopesForAppli(appli).some((s) => scopes.includes(s));
}

export interface ChangedRange {
  appli: DataAppli;
  start: Date;
  end: Date;
}

/** Min/max instant of the changed data, per category. */
export class DataChanges {
  private ranges = new Map<DataAppli, { start: number; end: number }>();

  /** What partners are told of a write of health data (health-data's onHealthWrite). */
  static of(written: WrittenRanges): DataChanges {
    const changes = new DataChanges();
    for (const [metric, r] of written.metrics) changes.metric(metric, r.start, r.end);
    for (const [type, r] of written.sessions) changes.session(type, new Date(r.start), new Date(r.end));
    return changes;
  }

  private widen(appli: DataAppli, start: number, end: number) {
    const r = this.ranges.get(appli);
    if (!r) this.ranges.set(appli, { start, end });
    else {
      r.start = Math.min(r.start, start);
      r.end = Math.max(r.end, end);
    }
  }

  /** A value of `metric` at `at` was stored, corrected or deleted. */
  metric(metric: string, at: Date | number, end?: Date | number) {
    const appli = appliOfMetric(metric);
    if (!appli) return;
    const s = typeof at === 'number' ? at : at.getTime();
    const e = end === undefined ? s : typeof end === 'number' ? end : end.getTime();
    if (Number.isFinite(s) && Number.isFinite(e)) this.widen(appli, Math.min(s, e), Math.max(s, e));
  }

  /** A sleep or workout session was stored or deleted. */
  session(type: string, start: Date, end: Date) {
    this.metric(type === 'sleep' ? 'sleep' : 'workout', start, end);
  }

  get isEmpty(): boolean {
    return this.ranges.size === 0;
  }

  list(): ChangedRange[] {
    return [...this.ranges]
      .sort(([a], [b]) => a - b)
      .map(([appli, r]) => ({ appli, start: new Date(r.start), end: new Date(r.end) }));
  }
}
