import type { Observation, ObservationComponent, Patient, Quantity, Reference } from '@medplum/fhirtypes';
import { UCUM } from './systems';
import { fhirDateTime, fhirInstant } from './fhir-time';
import {
  BP_COMPONENTS,
  BP_KEY,
  categoryCoding,
  kindForMetric,
  type ObservationKind,
  observationKind,
  singleBpKind,
} from './observation-kinds';

/** What the mapper reads of a reading (a `ReadingWithMeasures` row from readings.repo fits). */
export interface ReadingInput {
  id: string;
  userId: string;
  takenAt: Date;
  utcOffsetMinutes: number;
  source: string;
  deviceId: string | null;
  createdAt: Date;
  updatedAt: Date;
  measures: ReadonlyArray<{ metric: string; value: number; correctedAt?: Date | null }>;
}

/** What the mapper reads of a derived BMI (a `health_derived` row of kind 'bmi'; key = the weigh-in). */
export interface BmiInput {
  userId: string;
  key: string;
  at: Date;
  utcOffsetMinutes: number;
  value: number | null;
  computedAt: Date;
}

const ID_PATTERN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Stable ids: the same reading gives the same Observation id in every answer and export. */
export function observationId(readingId: string, key: string): string {
  return `${readingId}-${key}`;
}

export function parseObservationId(id: string): { readingId: string; key: string } | undefined {
  const m = ID_PATTERN.exec(id);
  return m ? { readingId: m[1]!, key: m[2]! } : undefined;
}

export const patientReference = (userId: string): Reference<Patient> => ({ reference: `Patient/${userId}` });

function quantity(kind: ObservationKind, canonicalValue: number): Quantity {
  const q = kind.quantity!;
  return {
    value: Number((canonicalValue * q.factor).toFixed(Math.max(0, q.decimals))),
    unit: q.unit,
    system: UCUM,
    code: q.ucum,
  };
}

function base(
  kind: ObservationKind,
  r: Pick<ReadingInput, 'userId' | 'takenAt' | 'utcOffsetMinutes'>,
  id: string,
  lastUpdated: Date,
  corrected: boolean,
): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: { lastUpdated: fhirInstant(lastUpdated), ...(kind.profile ? { profile: [kind.profile] } : {}) },
    status: corrected ? 'amended' : 'final',
    category: [categoryCoding(kind.category)],
    code: kind.code,
    subject: patientReference(r.userId),
    effectiveDateTime: fhirDateTime(r.takenAt, r.utcOffsetMinutes),
  };
}

function provenance(r: ReadingInput): Partial<Observation> {
  return {
    issued: fhirInstant(r.createdAt),
    // A value the user typed in was performed by them; a device's value names the device.
    ...(r.source === 'manual' ? { performer: [patientReference(r.userId)] } : {}),
    ...(r.deviceId ? { device: { reference: `Device/${r.deviceId}` } } : {}),
  };
}

/**
 * The Observations of one reading: one per metric, except systolic + diastolic, which form one blood
 * pressure panel. `keys` keeps only those kinds (a search for one code). Values in the catalog's
 * canonical unit are converted to the unit the profile asks (height in cm).
 */
export function readingObservations(r: ReadingInput, keys?: ReadonlySet<string>): Observation[] {
  const out: Observation[] = [];
  const hasBoth = BP_COMPONENTS.every((c) => r.measures.some((m) => m.metric === c.metric));
  if (hasBoth && (!keys || keys.has(BP_KEY))) {
    const kind = observationKind(BP_KEY)!;
    const parts = BP_COMPONENTS.map((c) => ({ c, m: r.measures.find((m) => m.metric === c.metric)! }));
    const component: ObservationComponent[] = parts.map(({ c, m }) => ({
      code: { coding: [c.coding] },
      valueQuantity: { value: m.value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    }));
    out.push({
      ...base(
        kind,
        r,
        observationId(r.id, BP_KEY),
        r.updatedAt,
        parts.some(({ m }) => !!m.correctedAt),
      ),
      ...provenance(r),
      component,
    });
  }
  for (const m of r.measures) {
    const isBp = BP_COMPONENTS.some((c) => c.metric === m.metric);
    if (isBp && hasBoth) continue;
    const kind = isBp ? singleBpKind(m.metric) : kindForMetric(m.metric);
    if (!kind?.quantity || (keys && !keys.has(kind.key))) continue;
    out.push({
      ...base(kind, r, observationId(r.id, kind.key), r.updatedAt, !!m.correctedAt),
      ...provenance(r),
      valueQuantity: quantity(kind, m.value),
    });
  }
  return out;
}

/** The BMI computed for a weigh-in, pointing at the weight it was derived from. */
export function bmiObservation(d: BmiInput): Observation | undefined {
  const kind = observationKind('bmi');
  if (!kind || d.value === null) return undefined;
  return {
    ...base(
      kind,
      { userId: d.userId, takenAt: d.at, utcOffsetMinutes: d.utcOffsetMinutes },
      observationId(d.key, 'bmi'),
      d.computedAt,
      false,
    ),
    valueQuantity: quantity(kind, d.value),
    derivedFrom: [{ reference: `Observation/${observationId(d.key, 'weight')}` }],
  };
}
