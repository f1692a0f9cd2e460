import type { Coding, Observation, Quantity } from '@medplum/fhirtypes';
import { getMetric, type MeasureInput } from '@vitalbase/core';
import { parseObservationId } from './observation';
import { BP_COMPONENTS, BP_KEY, type ObservationKind, observationKinds } from './observation-kinds';

/** UCUM codes other services write → the catalog's unit names (the catalog converts them). */
const UCUM_UNITS: Record<string, string> = {
  kg: 'kg',
  g: 'g',
  '[lb_av]': 'lb',
  cm: 'cm',
  m: 'm',
  mm: 'mm',
  '[in_i]': 'in',
  'mm[Hg]': 'mmHg',
  kPa: 'kPa',
  Cel: '°C',
  '[degF]': '°F',
  '/min': 'bpm',
  '{beats}/min': 'bpm',
  '%': '%',
  kcal: 'kcal',
  km: 'km',
  s: 's',
  min: 'min',
  h: 'h',
};

const sameCode = (a: Coding, b: Coding) => a.system === b.system && a.code === b.code;
const kindOf = (codings: readonly Coding[]): ObservationKind | undefined =>
  observationKinds.find((k) => k.code.coding?.some((c) => codings.some((o) => sameCode(c, o))));

/** A FHIR dateTime with a time and a UTC offset; a date alone or a time without zone names no instant. */
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export type ObservationRead =
  | { kind: 'measures'; takenAt: string; measures: MeasureInput[]; group?: string }
  | { kind: 'unmapped'; type: string }
  | { kind: 'refused'; code: string; reason: string };

function measureOf(metric: string, q: Quantity | undefined, kind?: ObservationKind): MeasureInput | string {
  if (typeof q?.value !== 'number') return 'no_value';
  const def = getMetric(metric)!;
  // Our own unit for this kind (height in cm for the vital-signs profile) → the canonical value.
  if (kind?.quantity && q.code === kind.quantity.ucum)
    return { metric, value: q.value / kind.quantity.factor, unit: def.unit };
  if (q.code === def.ucum) return { metric, value: q.value, unit: def.unit };
  const unit = q.code ? UCUM_UNITS[q.code] : undefined;
  return unit ? { metric, value: q.value, unit } : 'unknown_unit';
}

/**
 * The inverse of readingObservations (observation.ts), for imports: an Observation → the catalog
 * measures it holds, found by LOINC code (or Vitalbase's metric code) with its UCUM unit. Our own
 * Observations carry `<reading id>-<key>` ids: `group` lets the importer put a weigh-in's values back
 * into one reading. BMI is computed here, so it is not imported.
 */
export function readObservation(obs: Observation): ObservationRead {
  if (obs.status === 'entered-in-error' || obs.status === 'cancelled')
    return { kind: 'unmapped', type: `status ${obs.status}` };
  const codings = obs.code?.coding ?? [];
  const kind = kindOf(codings);
  if (!kind) {
    const c = codings[0];
    return {
      kind: 'unmapped',
      type: c ? `${c.system ?? ''}|${c.code ?? ''}`.slice(0, 120) : 'Observation without a code',
    };
  }
  if (kind.key === 'bmi') return { kind: 'unmapped', type: 'bmi (computed from weight and height)' };
  const at = obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.effectivePeriod?.start;
  if (!at || !WITH_ZONE.test(at)) {
    return { kind: 'refused', code: 'date_without_zone', reason: 'The time has no UTC offset (or no time).' };
  }
  const measures: MeasureInput[] = [];
  if (kind.key === BP_KEY) {
    for (const c of BP_COMPONENTS) {
      const part = obs.component?.find((p) => p.code.coding?.some((x) => sameCode(x, c.coding)));
      const m = part ? measureOf(c.metric, part.valueQuantity) : undefined;
      if (typeof m === 'string')
        return { kind: 'refused', code: m, reason: 'A blood pressure value has no number or no known unit.' };
      if (m) measures.push(m);
    }
  } else {
    const m = measureOf(kind.metrics[0]!, obs.valueQuantity, kind);
    if (typeof m === 'string')
      return { kind: 'refused', code: m, reason: 'The value has no number or no known unit.' };
    measures.push(m);
  }
  if (!measures.length)
    return { kind: 'refused', code: 'no_value', reason: 'The Observation holds no value.' };
  const group = obs.id ? parseObservationId(obs.id)?.readingId : undefined;
  return { kind: 'measures', takenAt: at, measures, ...(group ? { group } : {}) };
}
