import { z } from 'zod';
import { getMetric } from './health-data/catalog';
import { roundTo, toCanonical } from './health-data/units';

/**
 * Remote monitoring thresholds and alerts (issue #15 §Monitoring): what is watched, the programme
 * presets, how one reading is judged. The server evaluates with these; the web shows the same rules.
 */

/** A watched metric: which shared category opens it, the catalog metric its limits are checked against. */
export const monitoredMetrics = {
  blood_pressure: {
    category: 'blood_pressure',
    catalog: ['systolic_bp', 'diastolic_bp'],
    preset: 'hypertension',
  },
  weight_gain: { category: 'weight', catalog: ['weight'], preset: 'heart_failure' },
  spo2: { category: 'oxygen_saturation', catalog: ['spo2'], preset: 'hypoxaemia' },
  body_temperature: { category: 'temperature', catalog: ['body_temperature'], preset: 'fever' },
  /**
   * No data reached the server for N full days of the patient's calendar: judged by a scheduled job
   * on the clinic's transmission days, not on readings, so it needs no category (it shows no value).
   */
  no_transmission: { category: null, catalog: [], preset: 'adherence' },
} as const;
export type MonitoredMetric = keyof typeof monitoredMetrics;
export const monitoredMetricIds = Object.keys(monitoredMetrics) as MonitoredMetric[];
export const monitoredMetricSchema = z.enum(monitoredMetricIds as [MonitoredMetric, ...MonitoredMetric[]]);

/** Whether a patient sharing `categories` is watched on `metric` ("no transmission": any sharing). */
export function monitoredMetricApplies(metric: MonitoredMetric, categories: readonly string[]): boolean {
  const category = monitoredMetrics[metric].category;
  return category === null ? categories.length > 0 : categories.includes(category);
}

/**
 * The limits of each metric, in the catalog metric's canonical unit (mmHg, kg, %, °C). "High" raises
 * a `high` alert, "urgent" an `urgent` one (escalated when nobody acknowledges it).
 */
export interface ThresholdLimits {
  blood_pressure: {
    systolicHigh: number;
    diastolicHigh: number;
    systolicUrgent: number;
    diastolicUrgent: number;
  };
  weight_gain: { gain24h: number; gain7d: number };
  spo2: { below: number; urgentBelow: number };
  body_temperature: { above: number; urgentAbove: number };
  /** Full calendar days without any data reaching the server. */
  no_transmission: { days: number };
}

/** The programme presets (issue #15): hypertension, heart failure, hypoxaemia, fever. */
export const thresholdPresets: { [M in MonitoredMetric]: ThresholdLimits[M] } = {
  blood_pressure: { systolicHigh: 140, diastolicHigh: 90, systolicUrgent: 180, diastolicUrgent: 120 },
  weight_gain: { gain24h: 1, gain7d: 2.5 },
  spo2: { below: 92, urgentBelow: 88 },
  body_temperature: { above: 38, urgentAbove: 40 },
  no_transmission: { days: 3 },
};
export const thresholdPresetNames = [
  'hypertension',
  'heart_failure',
  'hypoxaemia',
  'fever',
  'adherence',
] as const;

/** Which catalog metric each limit is a value (or, for a gain, a difference) of. */
const limitMetric: Record<string, string> = {
  systolicHigh: 'systolic_bp',
  systolicUrgent: 'systolic_bp',
  diastolicHigh: 'diastolic_bp',
  diastolicUrgent: 'diastolic_bp',
  gain24h: 'weight',
  gain7d: 'weight',
  below: 'spo2',
  urgentBelow: 'spo2',
  above: 'body_temperature',
  urgentAbove: 'body_temperature',
};
/** A weight gain is a difference: converted by factor alone, bounded to a plausible 0.1–20 kg. */
const GAIN_RANGE = { min: 0.1, max: 20 };

const limitValue = z.number().finite();
const limitsShape = {
  blood_pressure: z.strictObject({
    systolicHigh: limitValue,
    diastolicHigh: limitValue,
    systolicUrgent: limitValue,
    diastolicUrgent: limitValue,
  }),
  weight_gain: z.strictObject({ gain24h: limitValue, gain7d: limitValue }),
  spo2: z.strictObject({ below: limitValue, urgentBelow: limitValue }),
  body_temperature: z.strictObject({ above: limitValue, urgentAbove: limitValue }),
  no_transmission: z.strictObject({ days: z.number().int().min(1).max(30) }),
};

/** PUT a threshold: a programme preset, or custom limits in a unit of the catalog metric. */
export const thresholdBody = z.union([
  z.strictObject({ preset: z.enum(thresholdPresetNames) }),
  z.strictObject({
    limits: z.record(z.string().max(20), limitValue),
    unit: z.string().max(10).optional(),
  }),
]);
export type ThresholdBody = z.infer<typeof thresholdBody>;

export type LimitsResult = { ok: true; limits: Record<string, number> } | { ok: false; problems: string[] };

/**
 * Custom limits checked against the catalog: the metric's shape, the unit one of the catalog metric's
 * units (canonical when omitted), each value inside the catalog range, each urgent limit beyond its
 * high one. Returns them in canonical units, rounded to the metric's decimals.
 */
export function canonicalLimits(
  metric: MonitoredMetric,
  raw: Record<string, number>,
  unit?: string,
): LimitsResult {
  const shape = limitsShape[metric].safeParse(raw);
  if (!shape.success)
    return {
      ok: false,
      problems: shape.error.issues.map((i) => `${i.path.join('.') || 'limits'}: ${i.message}`),
    };
  if (metric === 'no_transmission') {
    // A count of days: no catalog metric, no unit but days.
    if (unit !== undefined && unit !== 'd') return { ok: false, problems: [`unit: ${unit} is not d (days)`] };
    return { ok: true, limits: { ...(shape.data as { days: number }) } };
  }
  const problems: string[] = [];
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(shape.data as Record<string, number>)) {
    const def = getMetric(limitMetric[key] ?? '');
    if (!def) continue;
    const isGain = key.startsWith('gain');
    const chosen = unit ?? def.unit;
    const conversion = def.units[chosen];
    if (!conversion) {
      problems.push(`unit: ${chosen} is not a unit of ${def.id}`);
      break;
    }
    const canonical = isGain ? value * conversion.factor : toCanonical(def.units, chosen, value);
    if (canonical === undefined) continue;
    const range = isGain ? GAIN_RANGE : def.range;
    const rounded = roundTo(canonical, Math.max(def.decimals, 1));
    if (range && (rounded < range.min || rounded > range.max)) {
      problems.push(`${key}: outside ${range.min}–${range.max} ${def.unit}`);
    }
    out[key] = rounded;
  }
  const beyond = (urgent: string, high: string, below = false) => {
    const u = out[urgent];
    const h = out[high];
    if (u !== undefined && h !== undefined && (below ? u > h : u < h)) {
      problems.push(`${urgent}: must be ${below ? 'at or below' : 'at or above'} ${high}`);
    }
  };
  beyond('systolicUrgent', 'systolicHigh');
  beyond('diastolicUrgent', 'diastolicHigh');
  beyond('urgentBelow', 'below', true);
  beyond('urgentAbove', 'above');
  return problems.length ? { ok: false, problems } : { ok: true, limits: out };
}

export const alertSeverities = ['urgent', 'high', 'info'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
export const severityRank: Record<AlertSeverity, number> = { info: 0, high: 1, urgent: 2 };
/** A reading taken longer than this before it arrived is late: not shown as current, severity lowered. */
export const LATE_READING_MS = 24 * 3600_000;
export function lowered(severity: AlertSeverity): AlertSeverity {
  return severity === 'urgent' ? 'high' : 'info';
}

/**
 * Judges one reading's values against limits: its severity, or null when in range. A weight reading
 * carries the gains computed from the days before it (`gain24h`, `gain7d`).
 */
export function judge(
  metric: MonitoredMetric,
  limits: Record<string, number>,
  v: Record<string, number>,
): AlertSeverity | null {
  const at = (k: string) => limits[k] ?? Number.NaN;
  switch (metric) {
    case 'blood_pressure': {
      const s = v.systolic_bp ?? 0;
      const d = v.diastolic_bp ?? 0;
      if (s >= at('systolicUrgent') || d >= at('diastolicUrgent')) return 'urgent';
      if (s >= at('systolicHigh') || d >= at('diastolicHigh')) return 'high';
      return null;
    }
    case 'weight_gain':
      return (v.gain24h ?? 0) >= at('gain24h') || (v.gain7d ?? 0) >= at('gain7d') ? 'high' : null;
    case 'spo2': {
      const x = v.spo2 ?? 100;
      return x < at('urgentBelow') ? 'urgent' : x < at('below') ? 'high' : null;
    }
    case 'body_temperature': {
      const x = v.body_temperature ?? 0;
      return x >= at('urgentAbove') ? 'urgent' : x >= at('above') ? 'high' : null;
    }
    case 'no_transmission':
      // Staff must reach the patient, but it is never an emergency (never escalated).
      return (v.days ?? 0) >= at('days') ? 'high' : null;
  }
}

// Requests and answers

export const alertStates = ['open', 'acknowledged', 'resolved'] as const;
export const alertQueueQuery = z.strictObject({
  state: z.enum(['active', ...alertStates]).default('active'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
});
export const alertResolveBody = z.strictObject({ note: z.string().trim().min(1).max(2000) });
export const alertAssignBody = z.strictObject({ assigneeId: z.uuid().nullable() });

export const clinicAlertSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  metric: monitoredMetricSchema,
  severity: z.enum(alertSeverities),
  late: z.boolean(),
  state: z.enum(alertStates),
  reading: z.object({ values: z.record(z.string(), z.number()), takenAt: z.string() }),
  raisedAt: z.string(),
  episodeOngoing: z.boolean(),
  assigneeId: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  escalatedAt: z.string().nullable(),
});
export type ClinicAlert = z.infer<typeof clinicAlertSchema>;
export const alertPageSchema = z.object({ alerts: z.array(clinicAlertSchema), next: z.string().nullable() });
export type AlertPage = z.infer<typeof alertPageSchema>;

export const thresholdSchema = z.object({
  metric: monitoredMetricSchema,
  preset: z.enum([...thresholdPresetNames, 'custom']),
  /** False: the programme preset applies because nobody set this one. */
  stored: z.boolean(),
  limits: z.record(z.string(), z.number()),
  unit: z.string(),
});
export type Threshold = z.infer<typeof thresholdSchema>;
export const thresholdListSchema = z.object({ thresholds: z.array(thresholdSchema) });
