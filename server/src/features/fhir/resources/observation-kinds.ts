import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import { getMetric, type MetricDefinition, metrics } from '@vitalbase/core';
import { LOINC, OBSERVATION_CATEGORY, VITALBASE_METRIC_SYSTEM } from './systems';

/**
 * How our metrics become FHIR Observations. One kind = one Observation per reading that holds it,
 * with the id `<readingId>-<key>`. Blood pressure is one panel (85354-9) with the systolic and
 * diastolic values as components, as the R4 vital-signs `bp` profile asks; BMI comes from the derived
 * values (one per weigh-in). Only discrete readings of physiological and activity metrics are
 * Observations: intraday series, sleep/workout sessions, environmental and technical data are not.
 */
export type ObservationCategory = 'vital-signs' | 'activity' | 'exam';

export interface ObservationKind {
  /** Suffix of the Observation id and the internal name: lowercase, digits and dashes. */
  key: string;
  /** Catalog metrics it is built from. */
  metrics: readonly string[];
  category: ObservationCategory;
  code: CodeableConcept;
  /** The R4 vital-signs profile it conforms to. */
  profile?: string;
  /** valueQuantity: UCUM code, display unit, and factor from the canonical unit. Absent for the BP panel. */
  quantity?: { ucum: string; unit: string; factor: number; decimals: number };
}

const sd = (name: string) => `http://hl7.org/fhir/StructureDefinition/${name}`;
const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });

/** The vital signs of the R4 profiles: their LOINC codes, profiles and the units those profiles allow. */
const vitalSigns: Record<
  string,
  { coding: Coding[]; profile: string; ucum?: string; unit?: string; factor?: number }
> = {
  weight: { coding: [loinc('29463-7', 'Body weight')], profile: sd('bodyweight') },
  // The bodyheight profile allows cm or [in_i], not m.
  height: {
    coding: [loinc('8302-2', 'Body height')],
    profile: sd('bodyheight'),
    ucum: 'cm',
    unit: 'cm',
    factor: 100,
  },
  bmi: { coding: [loinc('39156-5', 'Body mass index (BMI) [Ratio]')], profile: sd('bmi') },
  heart_rate: { coding: [loinc('8867-4', 'Heart rate')], profile: sd('heartrate') },
  body_temperature: { coding: [loinc('8310-5', 'Body temperature')], profile: sd('bodytemp') },
  // The oxygensat profile names 2708-6; pulse oximetry (59408-5, what our devices measure) is added.
  spo2: {
    coding: [
      loinc('2708-6', 'Oxygen saturation in Arterial blood'),
      loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
    ],
    profile: sd('oxygensat'),
  },
  respiratory_rate: { coding: [loinc('9279-1', 'Respiratory rate')], profile: sd('resprate') },
};

export const BP_KEY = 'blood-pressure';
const BP_PANEL: Coding = loinc('85354-9', 'Blood pressure panel with all children optional');
export const BP_COMPONENTS = [
  { metric: 'systolic_bp', coding: loinc('8480-6', 'Systolic blood pressure') },
  { metric: 'diastolic_bp', coding: loinc('8462-4', 'Diastolic blood pressure') },
] as const;

function keyOf(metricId: string): string {
  return metricId.replace(/_/g, '-');
}

function kindOf(m: MetricDefinition): ObservationKind {
  const vital = vitalSigns[m.id];
  const coding = vital?.coding ?? [
    ...(m.loinc ? [{ system: LOINC, code: m.loinc }] : []),
    { system: VITALBASE_METRIC_SYSTEM, code: m.id, display: m.label },
  ];
  return {
    key: keyOf(m.id),
    metrics: [m.id],
    category: vital ? 'vital-signs' : m.category === 'activity' ? 'activity' : 'exam',
    code: { coding, text: m.label },
    ...(vital ? { profile: vital.profile } : {}),
    quantity: {
      ucum: vital?.ucum ?? m.ucum ?? m.unit,
      unit: vital?.unit ?? m.unit,
      factor: vital?.factor ?? 1,
      decimals: m.decimals + Math.round(Math.log10(vital?.factor ?? 1)),
    },
  };
}

const bpKind: ObservationKind = {
  key: BP_KEY,
  metrics: ['systolic_bp', 'diastolic_bp'],
  category: 'vital-signs',
  code: { coding: [BP_PANEL], text: 'Blood pressure' },
  profile: sd('bp'),
};

const exposed = (m: MetricDefinition) =>
  m.shapes.includes('reading') &&
  (m.category === 'physiological' || m.category === 'activity') &&
  m.ucum !== undefined &&
  // BMI is derived (below); other derived values are not Observations yet.
  !m.derived;

/** Every Observation kind the server emits, by key. */
export const observationKinds: readonly ObservationKind[] = [
  bpKind,
  ...metrics.filter((m) => exposed(m) && !bpKind.metrics.includes(m.id)).map(kindOf),
  kindOf(getMetric('bmi')!),
];

const byKey = new Map(observationKinds.map((k) => [k.key, k]));
/** A systolic or diastolic value alone (no pair in the reading) is its own Observation. */
const singleBp = new Map(
  BP_COMPONENTS.map((c) => [
    keyOf(c.metric),
    {
      key: keyOf(c.metric),
      metrics: [c.metric],
      category: 'vital-signs' as const,
      code: { coding: [c.coding], text: getMetric(c.metric)!.label },
      quantity: { ucum: 'mm[Hg]', unit: 'mmHg', factor: 1, decimals: 0 },
    } satisfies ObservationKind,
  ]),
);

export function observationKind(key: string): ObservationKind | undefined {
  return byKey.get(key) ?? singleBp.get(key);
}

/** The kind a single metric's value is shown as (the BP pieces: the panel). */
export function kindForMetric(metricId: string): ObservationKind | undefined {
  return observationKinds.find((k) => k.metrics.includes(metricId));
}

export function singleBpKind(metricId: string): ObservationKind | undefined {
  return singleBp.get(keyOf(metricId));
}

export const categoryCoding = (category: ObservationCategory): CodeableConcept => ({
  coding: [
    {
      system: OBSERVATION_CATEGORY,
      code: category,
      display: category === 'vital-signs' ? 'Vital Signs' : category === 'activity' ? 'Activity' : 'Exam',
    },
  ],
  text: category === 'vital-signs' ? 'Vital Signs' : category === 'activity' ? 'Activity' : 'Exam',
});
