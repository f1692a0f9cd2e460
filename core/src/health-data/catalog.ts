import {
  distanceUnits,
  durationUnits,
  energyUnits,
  lengthUnits,
  massUnits,
  only,
  percentUnits,
  pressureUnits,
  temperatureUnits,
  type UnitTable,
} from './units';

/**
 * The data catalog: every kind of health, activity, environmental and technical data the system holds
 * (PRODUCT.md "Data the system holds"), one source for server, web and CLI.
 */

export const deviceKinds = [
  'scale',
  'watch',
  'bp_monitor',
  'thermometer',
  'sleep_analyzer',
  'air_quality',
] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const metricCategories = ['activity', 'physiological', 'environmental', 'technical'] as const;
export type MetricCategory = (typeof metricCategories)[number];

/** reading: a discrete value taken at an instant · series: intraday points at a fixed interval · session: a span (a night, a workout). */
export const metricShapes = ['reading', 'series', 'session'] as const;
export type MetricShape = (typeof metricShapes)[number];

export interface MetricDefinition {
  id: string;
  label: string;
  category: MetricCategory;
  /** The usual shape; `shapes` lists every shape the metric may arrive in (a pulse is a reading from a BP monitor, a series from a watch). */
  shape: MetricShape;
  shapes: readonly MetricShape[];
  /** Canonical unit: what is stored. */
  unit: string;
  /** Accepted input units with their conversion to `unit`. */
  units: UnitTable;
  /** UCUM code of the canonical unit (FHIR Observation.valueQuantity.code). */
  ucum?: string;
  loinc?: string;
  /** Withings measure type (getmeas `meastype`). */
  withingsType?: number;
  /** Physical range, canonical unit, inclusive: outside it a value is an error, not a measurement. */
  range: { min: number; max: number };
  /** Decimals kept in the canonical unit (also the scale of packed series points). */
  decimals: number;
  /** Device kinds allowed to produce it (P7: a scale never produces blood pressure). */
  deviceKinds: readonly DeviceKind[];
  /** The user may enter it by hand (P8). */
  manual: boolean;
  /** Computed by the server from other values; never accepted as input. */
  derived?: boolean;
  /** How values of one day roll up: steps add up, a heart rate averages. */
  dailyAggregate: 'sum' | 'mean';
  /**
   * The smallest y-axis span a chart gives this metric, canonical unit: a 0.1 kg change of bone mass
   * must not fill the chart's height like a cliff. Every numeric (reading or series) metric has one.
   */
  chartMinSpan?: number;
}

type Def = Omit<MetricDefinition, 'shapes' | 'shape' | 'manual' | 'dailyAggregate'> & {
  shapes: readonly MetricShape[];
  manual?: boolean;
  dailyAggregate?: 'sum' | 'mean';
};

const all: readonly DeviceKind[] = deviceKinds;

const defs: Def[] = [
  // Physiological: body composition (scale)
  {
    id: 'weight',
    label: 'Weight',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg',
    units: massUnits,
    ucum: 'kg',
    loinc: '29463-7',
    withingsType: 1,
    range: { min: 0.5, max: 650 },
    decimals: 3,
    deviceKinds: ['scale'],
  },
  {
    id: 'height',
    label: 'Height',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'm',
    units: lengthUnits,
    ucum: 'm',
    loinc: '8302-2',
    withingsType: 4,
    range: { min: 0.2, max: 2.75 },
    decimals: 3,
    deviceKinds: [],
  },
  {
    id: 'fat_free_mass',
    label: 'Fat-free mass',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg',
    units: massUnits,
    ucum: 'kg',
    withingsType: 5,
    range: { min: 0.5, max: 400 },
    decimals: 3,
    deviceKinds: ['scale'],
  },
  {
    id: 'fat_ratio',
    label: 'Body fat',
    category: 'physiological',
    shapes: ['reading'],
    unit: '%',
    units: percentUnits,
    ucum: '%',
    loinc: '41982-0',
    withingsType: 6,
    range: { min: 1, max: 80 },
    decimals: 2,
    deviceKinds: ['scale'],
  },
  {
    id: 'fat_mass',
    label: 'Fat mass',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg',
    units: massUnits,
    ucum: 'kg',
    loinc: '73708-0',
    withingsType: 8,
    range: { min: 0.1, max: 400 },
    decimals: 3,
    deviceKinds: ['scale'],
  },
  {
    id: 'muscle_mass',
    label: 'Muscle mass',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg',
    units: massUnits,
    ucum: 'kg',
    withingsType: 76,
    range: { min: 0.5, max: 300 },
    decimals: 3,
    deviceKinds: ['scale'],
  },
  {
    id: 'hydration',
    label: 'Water mass',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg',
    units: massUnits,
    ucum: 'kg',
    withingsType: 77,
    range: { min: 0.5, max: 300 },
    decimals: 3,
    deviceKinds: ['scale'],
  },
  {
    id: 'bone_mass',
    label: 'Bone mass',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg',
    units: massUnits,
    ucum: 'kg',
    withingsType: 88,
    range: { min: 0.1, max: 20 },
    decimals: 3,
    deviceKinds: ['scale'],
  },
  {
    id: 'visceral_fat',
    label: 'Visceral fat index',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'index',
    units: only('index'),
    ucum: '{index}',
    withingsType: 170,
    range: { min: 0, max: 60 },
    decimals: 1,
    deviceKinds: ['scale'],
  },
  {
    id: 'basal_metabolic_rate',
    label: 'Basal metabolic rate',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kcal',
    units: energyUnits,
    ucum: 'kcal/d',
    withingsType: 226,
    range: { min: 300, max: 6000 },
    decimals: 0,
    deviceKinds: ['scale'],
  },
  {
    id: 'pulse_wave_velocity',
    label: 'Pulse wave velocity',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'm/s',
    units: only('m/s'),
    ucum: 'm/s',
    withingsType: 91,
    range: { min: 1, max: 30 },
    decimals: 2,
    deviceKinds: ['scale'],
  },
  {
    id: 'vascular_age',
    label: 'Vascular age',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'a',
    units: { a: { factor: 1 }, years: { factor: 1 } },
    ucum: 'a',
    withingsType: 155,
    range: { min: 1, max: 130 },
    decimals: 0,
    deviceKinds: ['scale'],
  },
  // Physiological: cardiovascular
  {
    id: 'systolic_bp',
    label: 'Systolic blood pressure',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'mmHg',
    units: pressureUnits,
    ucum: 'mm[Hg]',
    loinc: '8480-6',
    withingsType: 10,
    range: { min: 40, max: 300 },
    decimals: 0,
    deviceKinds: ['bp_monitor'],
  },
  {
    id: 'diastolic_bp',
    label: 'Diastolic blood pressure',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'mmHg',
    units: pressureUnits,
    ucum: 'mm[Hg]',
    loinc: '8462-4',
    withingsType: 9,
    range: { min: 20, max: 200 },
    decimals: 0,
    deviceKinds: ['bp_monitor'],
  },
  {
    id: 'heart_rate',
    label: 'Heart rate',
    category: 'physiological',
    shapes: ['series', 'reading'],
    unit: 'bpm',
    units: { bpm: { factor: 1 }, '/min': { factor: 1 } },
    ucum: '/min',
    loinc: '8867-4',
    withingsType: 11,
    range: { min: 20, max: 260 },
    decimals: 0,
    deviceKinds: ['watch', 'bp_monitor', 'scale', 'sleep_analyzer'],
  },
  {
    id: 'heart_rate_variability',
    label: 'Heart rate variability (SDNN)',
    category: 'physiological',
    shapes: ['reading', 'series'],
    unit: 'ms',
    units: { ms: { factor: 1 }, s: { factor: 1000 } },
    ucum: 'ms',
    loinc: '80404-7',
    range: { min: 1, max: 500 },
    decimals: 0,
    deviceKinds: ['watch', 'sleep_analyzer'],
  },
  {
    id: 'spo2',
    label: 'Oxygen saturation (SpO2)',
    category: 'physiological',
    shapes: ['series', 'reading'],
    unit: '%',
    units: percentUnits,
    ucum: '%',
    loinc: '59408-5',
    withingsType: 54,
    range: { min: 50, max: 100 },
    decimals: 1,
    deviceKinds: ['watch', 'sleep_analyzer'],
  },
  {
    id: 'respiratory_rate',
    label: 'Respiratory rate',
    category: 'physiological',
    shapes: ['series', 'reading'],
    unit: 'breaths/min',
    units: { 'breaths/min': { factor: 1 }, '/min': { factor: 1 } },
    ucum: '/min',
    loinc: '9279-1',
    range: { min: 2, max: 80 },
    decimals: 1,
    deviceKinds: ['sleep_analyzer', 'watch'],
  },
  {
    id: 'vo2_max',
    label: 'VO2 max',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'mL/kg/min',
    units: only('mL/kg/min'),
    ucum: 'mL/kg/min',
    withingsType: 123,
    range: { min: 5, max: 100 },
    decimals: 1,
    deviceKinds: ['watch'],
  },
  // Physiological: temperature
  {
    id: 'temperature',
    label: 'Temperature',
    category: 'physiological',
    shapes: ['reading'],
    unit: '°C',
    units: temperatureUnits,
    ucum: 'Cel',
    withingsType: 12,
    range: { min: 25, max: 45 },
    decimals: 2,
    deviceKinds: ['thermometer'],
  },
  {
    id: 'body_temperature',
    label: 'Body temperature',
    category: 'physiological',
    shapes: ['reading'],
    unit: '°C',
    units: temperatureUnits,
    ucum: 'Cel',
    loinc: '8310-5',
    withingsType: 71,
    range: { min: 25, max: 45 },
    decimals: 2,
    deviceKinds: ['thermometer'],
  },
  {
    id: 'skin_temperature',
    label: 'Skin temperature',
    category: 'physiological',
    shapes: ['reading', 'series'],
    unit: '°C',
    units: temperatureUnits,
    ucum: 'Cel',
    loinc: '39106-0',
    withingsType: 73,
    range: { min: 15, max: 45 },
    decimals: 2,
    deviceKinds: ['thermometer', 'watch'],
  },
  // Physiological: sleep (the night is a session; stages and snoring episodes are its parts)
  {
    id: 'sleep',
    label: 'Sleep',
    category: 'physiological',
    shapes: ['session'],
    unit: 's',
    units: durationUnits,
    ucum: 's',
    loinc: '93832-4',
    range: { min: 0, max: 24 * 3600 },
    decimals: 0,
    deviceKinds: ['sleep_analyzer', 'watch'],
    dailyAggregate: 'sum',
  },
  {
    id: 'sleep_stage',
    label: 'Sleep stage',
    category: 'physiological',
    shapes: ['session'],
    unit: 's',
    units: durationUnits,
    ucum: 's',
    range: { min: 0, max: 24 * 3600 },
    decimals: 0,
    deviceKinds: ['sleep_analyzer', 'watch'],
    manual: false,
  },
  {
    id: 'snoring',
    label: 'Snoring',
    category: 'physiological',
    shapes: ['session', 'series'],
    unit: 's',
    units: durationUnits,
    ucum: 's',
    range: { min: 0, max: 24 * 3600 },
    decimals: 0,
    deviceKinds: ['sleep_analyzer'],
    manual: false,
    dailyAggregate: 'sum',
  },
  {
    id: 'apnea_hypopnea_index',
    label: 'Apnea-hypopnea index',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'events/h',
    units: only('events/h'),
    ucum: '/h',
    range: { min: 0, max: 150 },
    decimals: 1,
    deviceKinds: ['sleep_analyzer'],
    manual: false,
  },
  {
    id: 'movement',
    label: 'Movement',
    category: 'activity',
    shapes: ['series'],
    unit: 'count',
    units: only('count'),
    ucum: '{count}',
    range: { min: 0, max: 10000 },
    decimals: 0,
    deviceKinds: ['watch', 'sleep_analyzer'],
    manual: false,
    dailyAggregate: 'sum',
  },
  // Activity
  {
    id: 'steps',
    label: 'Steps',
    category: 'activity',
    shapes: ['series', 'reading'],
    unit: 'steps',
    units: only('steps'),
    ucum: '{steps}',
    loinc: '55423-8',
    range: { min: 0, max: 150000 },
    decimals: 0,
    deviceKinds: ['watch'],
    dailyAggregate: 'sum',
  },
  {
    id: 'distance',
    label: 'Distance',
    category: 'activity',
    shapes: ['series', 'reading'],
    unit: 'm',
    units: distanceUnits,
    ucum: 'm',
    range: { min: 0, max: 300000 },
    decimals: 1,
    deviceKinds: ['watch'],
    dailyAggregate: 'sum',
  },
  {
    id: 'elevation',
    label: 'Elevation climbed',
    category: 'activity',
    shapes: ['series', 'reading'],
    unit: 'm',
    units: distanceUnits,
    ucum: 'm',
    range: { min: 0, max: 10000 },
    decimals: 1,
    deviceKinds: ['watch'],
    dailyAggregate: 'sum',
  },
  {
    id: 'active_calories',
    label: 'Active calories',
    category: 'activity',
    shapes: ['series', 'reading'],
    unit: 'kcal',
    units: energyUnits,
    ucum: 'kcal',
    loinc: '41981-2',
    range: { min: 0, max: 20000 },
    decimals: 1,
    deviceKinds: ['watch'],
    dailyAggregate: 'sum',
  },
  {
    id: 'swim_strokes',
    label: 'Swim strokes',
    category: 'activity',
    shapes: ['series', 'reading'],
    unit: 'count',
    units: only('count'),
    ucum: '{count}',
    range: { min: 0, max: 50000 },
    decimals: 0,
    deviceKinds: ['watch'],
    dailyAggregate: 'sum',
  },
  {
    id: 'activity_intensity',
    label: 'Activity level',
    category: 'activity',
    shapes: ['series'],
    unit: 'MET',
    units: only('MET'),
    ucum: '{MET}',
    range: { min: 0, max: 25 },
    decimals: 1,
    deviceKinds: ['watch'],
    manual: false,
  },
  {
    id: 'workout',
    label: 'Workout',
    category: 'activity',
    shapes: ['session'],
    unit: 's',
    units: durationUnits,
    ucum: 's',
    range: { min: 0, max: 24 * 3600 },
    decimals: 0,
    deviceKinds: ['watch'],
    dailyAggregate: 'sum',
  },
  // Environmental
  {
    id: 'noise',
    label: 'Noise',
    category: 'environmental',
    shapes: ['series', 'reading'],
    unit: 'dB',
    units: only('dB'),
    // A sound pressure level: UCUM's bel is a bare ratio without its reference (B[SPL], 20 µPa).
    ucum: 'dB[SPL]',
    range: { min: 0, max: 140 },
    decimals: 1,
    deviceKinds: ['air_quality', 'sleep_analyzer'],
    manual: false,
  },
  {
    id: 'co2',
    label: 'CO2',
    category: 'environmental',
    shapes: ['series', 'reading'],
    unit: 'ppm',
    units: only('ppm'),
    ucum: '[ppm]',
    range: { min: 250, max: 10000 },
    decimals: 0,
    deviceKinds: ['air_quality'],
    manual: false,
  },
  {
    id: 'room_temperature',
    label: 'Room temperature',
    category: 'environmental',
    shapes: ['series', 'reading'],
    unit: '°C',
    units: temperatureUnits,
    ucum: 'Cel',
    range: { min: -40, max: 60 },
    decimals: 1,
    deviceKinds: ['air_quality', 'sleep_analyzer'],
    manual: false,
  },
  {
    id: 'humidity',
    label: 'Relative humidity',
    category: 'environmental',
    shapes: ['series', 'reading'],
    unit: '%',
    units: percentUnits,
    ucum: '%',
    range: { min: 0, max: 100 },
    decimals: 1,
    deviceKinds: ['air_quality'],
    manual: false,
  },
  {
    id: 'light',
    label: 'Light',
    category: 'environmental',
    shapes: ['series', 'reading'],
    unit: 'lx',
    units: { lx: { factor: 1 }, lux: { factor: 1 } },
    ucum: 'lx',
    range: { min: 0, max: 200000 },
    decimals: 0,
    deviceKinds: ['air_quality', 'sleep_analyzer'],
    manual: false,
  },
  // Technical
  {
    id: 'battery',
    label: 'Battery level',
    category: 'technical',
    shapes: ['reading'],
    unit: '%',
    units: percentUnits,
    ucum: '%',
    range: { min: 0, max: 100 },
    decimals: 0,
    deviceKinds: all,
    manual: false,
  },
  {
    id: 'wifi_signal',
    label: 'Wi-Fi signal strength',
    category: 'technical',
    shapes: ['reading'],
    unit: 'dBm',
    units: only('dBm'),
    // No UCUM code: UCUM has bels referenced to 1 W or 1 kW, not to 1 mW (dBm); `unit` says it.
    range: { min: -120, max: 0 },
    decimals: 0,
    deviceKinds: ['scale', 'sleep_analyzer', 'air_quality'],
    manual: false,
  },
  // Derived: computed by the server, stored apart from raw values, never accepted as input.
  {
    id: 'bmi',
    label: 'Body mass index',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'kg/m2',
    units: only('kg/m2'),
    ucum: 'kg/m2',
    loinc: '39156-5',
    range: { min: 5, max: 150 },
    decimals: 1,
    deviceKinds: [],
    manual: false,
    derived: true,
  },
  {
    id: 'resting_heart_rate',
    label: 'Resting heart rate',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'bpm',
    units: only('bpm'),
    ucum: '/min',
    loinc: '40443-4',
    range: { min: 20, max: 200 },
    decimals: 0,
    deviceKinds: [],
    manual: false,
    derived: true,
  },
  {
    id: 'sleep_score',
    label: 'Sleep score',
    category: 'physiological',
    shapes: ['reading'],
    unit: 'score',
    units: only('score'),
    ucum: '{score}',
    range: { min: 0, max: 100 },
    decimals: 0,
    deviceKinds: [],
    manual: false,
    derived: true,
  },
];

/** Minimum y-spans of charts (see `chartMinSpan`), canonical units: about what a person would notice. */
const chartMinSpans: Record<string, number> = {
  weight: 2,
  height: 0.05,
  fat_free_mass: 2,
  fat_ratio: 2,
  fat_mass: 2,
  muscle_mass: 2,
  hydration: 2,
  bone_mass: 0.5,
  visceral_fat: 2,
  basal_metabolic_rate: 100,
  pulse_wave_velocity: 1,
  vascular_age: 5,
  systolic_bp: 20,
  diastolic_bp: 20,
  heart_rate: 20,
  heart_rate_variability: 20,
  spo2: 5,
  respiratory_rate: 4,
  vo2_max: 5,
  temperature: 1,
  body_temperature: 1,
  skin_temperature: 1,
  snoring: 600,
  apnea_hypopnea_index: 5,
  movement: 10,
  steps: 1000,
  distance: 1000,
  elevation: 10,
  active_calories: 100,
  swim_strokes: 100,
  activity_intensity: 2,
  noise: 10,
  co2: 200,
  room_temperature: 2,
  humidity: 10,
  light: 100,
  battery: 10,
  wifi_signal: 10,
  bmi: 1,
  resting_heart_rate: 10,
  sleep_score: 10,
};

export const metrics: readonly MetricDefinition[] = defs.map((d) => ({
  ...d,
  shape: d.shapes[0]!,
  manual: d.manual ?? true,
  dailyAggregate: d.dailyAggregate ?? 'mean',
  ...(chartMinSpans[d.id] === undefined ? {} : { chartMinSpan: chartMinSpans[d.id] }),
}));

const byId = new Map(metrics.map((m) => [m.id, m]));

export type MetricId = string;

export function getMetric(id: string): MetricDefinition | undefined {
  return byId.get(id);
}

export function isDeviceKind(value: unknown): value is DeviceKind {
  return typeof value === 'string' && (deviceKinds as readonly string[]).includes(value);
}

/** P7: may a device of this kind produce this metric? */
export function deviceKindMayProduce(kind: DeviceKind, metricId: string): boolean {
  return byId.get(metricId)?.deviceKinds.includes(kind) ?? false;
}

/** The metrics a device kind may produce, e.g. to describe a model or filter a chart list. */
export function metricsForDeviceKind(kind: DeviceKind): MetricDefinition[] {
  return metrics.filter((m) => m.deviceKinds.includes(kind));
}

export function metricByWithingsType(type: number): MetricDefinition | undefined {
  return metrics.find((m) => m.withingsType === type);
}

/** Sleep stages and sleep/activity events a session may carry. */
export const sleepStages = ['awake', 'light', 'deep', 'rem'] as const;
export type SleepStage = (typeof sleepStages)[number];
export const sessionEventTypes = ['snoring', 'apnea', 'out_of_bed', 'movement'] as const;
export type SessionEventType = (typeof sessionEventTypes)[number];
export const sessionTypes = ['sleep', 'workout'] as const;
export type SessionType = (typeof sessionTypes)[number];
