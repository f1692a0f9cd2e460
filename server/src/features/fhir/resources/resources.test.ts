import { randomUUID } from 'node:crypto';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { expectValidFhir, fhirProblems } from '../../../test/fhir-validate';
import { consentResource } from './consent';
import { deviceResource } from './device';
import { fhirDateTime } from './fhir-time';
import {
  bmiObservation,
  observationId,
  parseObservationId,
  type ReadingInput,
  readingObservations,
} from './observation';
import { observationKinds } from './observation-kinds';
import { patientResource } from './patient';

const userId = randomUUID();
const t0 = new Date('2024-03-01T07:30:00Z');

function reading(measures: ReadingInput['measures'], extra: Partial<ReadingInput> = {}): ReadingInput {
  return {
    id: randomUUID(),
    userId,
    takenAt: t0,
    utcOffsetMinutes: 60,
    source: 'device',
    deviceId: randomUUID(),
    createdAt: t0,
    updatedAt: new Date('2024-03-01T07:31:00Z'),
    measures,
    ...extra,
  };
}

const loincOf = (o: Observation) => o.code.coding?.find((c) => c.system === 'http://loinc.org')?.code;

describe('fhirDateTime', () => {
  it('writes the local time with the offset it was taken in', () => {
    expect(fhirDateTime(t0, 60)).toBe('2024-03-01T08:30:00+01:00');
    expect(fhirDateTime(t0, -330)).toBe('2024-03-01T02:00:00-05:30');
    expect(fhirDateTime(new Date('2024-03-01T00:00:00.250Z'), 0)).toBe('2024-03-01T00:00:00.250+00:00');
  });
});

describe('Observation mapper', () => {
  it('maps each vital sign to its LOINC code, UCUM unit and R4 profile, all valid', () => {
    const r = reading([
      { metric: 'weight', value: 72.35 },
      { metric: 'fat_ratio', value: 21.5 },
      { metric: 'muscle_mass', value: 30.1 },
    ]);
    const h = reading([{ metric: 'height', value: 1.78 }], { source: 'manual', deviceId: null });
    const vitals = reading([
      { metric: 'heart_rate', value: 61 },
      { metric: 'spo2', value: 97.5 },
      { metric: 'respiratory_rate', value: 14 },
      { metric: 'body_temperature', value: 36.85 },
      { metric: 'steps', value: 1200 },
    ]);
    const all = [...readingObservations(r), ...readingObservations(h), ...readingObservations(vitals)];
    for (const o of all) expectValidFhir(o);
    const byLoinc = new Map(all.map((o) => [loincOf(o), o]));
    expect(byLoinc.get('29463-7')?.valueQuantity).toEqual({
      value: 72.35,
      unit: 'kg',
      system: 'http://unitsofmeasure.org',
      code: 'kg',
    });
    expect(byLoinc.get('29463-7')?.meta?.profile).toEqual([
      'http://hl7.org/fhir/StructureDefinition/bodyweight',
    ]);
    // Height in cm, as the bodyheight profile requires.
    expect(byLoinc.get('8302-2')?.valueQuantity).toMatchObject({ value: 178, code: 'cm' });
    expect(byLoinc.get('8302-2')?.performer).toEqual([{ reference: `Patient/${userId}` }]);
    expect(byLoinc.get('8867-4')?.valueQuantity).toMatchObject({ value: 61, code: '/min' });
    expect(byLoinc.get('9279-1')?.valueQuantity).toMatchObject({ value: 14, code: '/min' });
    expect(byLoinc.get('8310-5')?.valueQuantity).toMatchObject({ value: 36.85, code: 'Cel' });
    const spo2 = byLoinc.get('2708-6')!;
    expect(spo2.code.coding?.map((c) => c.code)).toEqual(['2708-6', '59408-5']);
    expect(spo2.valueQuantity).toMatchObject({ value: 97.5, code: '%' });
    expect(byLoinc.get('55423-8')?.category?.[0]?.coding?.[0]?.code).toBe('activity');
    expect(byLoinc.get('8867-4')?.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
    // A metric with no LOINC code is still an Observation, coded in our own system.
    const muscle = all.find((o) => o.code.coding?.some((c) => c.code === 'muscle_mass'))!;
    expect(muscle.code.coding?.[0]?.system).toBe('https://vitalbase.org/fhir/CodeSystem/metric');
    expect(muscle.category?.[0]?.coding?.[0]?.code).toBe('exam');
    // Time with the offset, the device, the subject, and stable ids.
    const w = byLoinc.get('29463-7')!;
    expect(w.effectiveDateTime).toBe('2024-03-01T08:30:00+01:00');
    expect(w.subject).toEqual({ reference: `Patient/${userId}` });
    expect(w.device).toEqual({ reference: `Device/${r.deviceId}` });
    expect(w.meta?.lastUpdated).toBe('2024-03-01T07:31:00.000Z');
    expect(w.id).toBe(observationId(r.id, 'weight'));
    expect(readingObservations(r).map((o) => o.id)).toEqual(readingObservations(r).map((o) => o.id));
  });

  it('makes one blood pressure panel of systolic and diastolic, with the heart rate apart', () => {
    const r = reading([
      { metric: 'diastolic_bp', value: 79 },
      { metric: 'heart_rate', value: 70 },
      { metric: 'systolic_bp', value: 121 },
    ]);
    const obs = readingObservations(r);
    for (const o of obs) expectValidFhir(o);
    expect(obs.map(loincOf).sort()).toEqual(['85354-9', '8867-4']);
    const bp = obs.find((o) => loincOf(o) === '85354-9')!;
    expect(bp.valueQuantity).toBeUndefined();
    expect(bp.meta?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/bp']);
    expect(
      bp.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code]),
    ).toEqual([
      ['8480-6', 121, 'mm[Hg]'],
      ['8462-4', 79, 'mm[Hg]'],
    ]);
    // A lone systolic value is its own Observation, not a half panel.
    const lone = readingObservations(reading([{ metric: 'systolic_bp', value: 130 }]));
    expect(lone.map(loincOf)).toEqual(['8480-6']);
    expectValidFhir(lone[0]);
  });

  it('marks a corrected value as amended and keeps only the kinds asked for', () => {
    const r = reading([
      { metric: 'weight', value: 70, correctedAt: new Date() },
      { metric: 'fat_ratio', value: 20 },
    ]);
    const obs = readingObservations(r, new Set(['weight']));
    expect(obs).toHaveLength(1);
    expect(obs[0]?.status).toBe('amended');
  });

  it('leaves out what is not an Observation (technical, environmental)', () => {
    const r = reading([
      { metric: 'battery', value: 80 },
      { metric: 'co2', value: 800 },
    ]);
    expect(readingObservations(r)).toEqual([]);
  });

  it('maps a derived BMI with a link to its weigh-in', () => {
    const readingId = randomUUID();
    const o = bmiObservation({
      userId,
      key: readingId,
      at: t0,
      utcOffsetMinutes: 0,
      value: 22.84,
      computedAt: t0,
    })!;
    expectValidFhir(o);
    expect(loincOf(o)).toBe('39156-5');
    expect(o.valueQuantity).toMatchObject({ value: 22.8, code: 'kg/m2' });
    expect(o.derivedFrom).toEqual([{ reference: `Observation/${readingId}-weight` }]);
  });

  it('parses the ids it makes, and nothing else', () => {
    const id = randomUUID();
    expect(parseObservationId(observationId(id, 'blood-pressure'))).toEqual({
      readingId: id,
      key: 'blood-pressure',
    });
    expect(parseObservationId(`${id}-`)).toBeUndefined();
    expect(parseObservationId('abc-weight')).toBeUndefined();
    for (const k of observationKinds) expect(observationId(id, k.key).length).toBeLessThanOrEqual(64);
  });
});

describe('Patient, Device and Consent mappers', () => {
  it('map rows to valid resources', () => {
    const p = patientResource({
      id: userId,
      email: 'a@example.test',
      displayName: 'Ada',
      birthDate: '1985-06-15',
      country: 'FR',
      locale: 'fr',
      state: 'active',
      updatedAt: t0,
    });
    expectValidFhir(p);
    expect(p).toMatchObject({ id: userId, birthDate: '1985-06-15', active: true });
    const d = deviceResource({
      id: randomUUID(),
      userId,
      modelId: 'body-plus',
      kind: 'scale',
      name: 'Bathroom scale',
      serial: 'SN-1',
      firmware: '1.2.0',
      activatedAt: t0,
      lastSyncAt: new Date('2024-03-02T00:00:00Z'),
      unpairedAt: null,
      createdAt: t0,
    });
    expectValidFhir(d);
    expect(d).toMatchObject({ status: 'active', patient: { reference: `Patient/${userId}` } });
    expect(d.meta?.lastUpdated).toBe('2024-03-02T00:00:00.000Z');
    for (const granted of [true, false]) {
      const c = consentResource({
        userId,
        purpose: 'research',
        granted,
        wordingVersion: 1,
        policyVersion: '2024-01',
        updatedAt: t0,
      });
      expectValidFhir(c);
      expect(c.provision?.type).toBe(granted ? 'permit' : 'deny');
      expect(c.scope.coding?.[0]?.code).toBe('research');
    }
  });

  it('the validator catches what is not valid (it can fail)', () => {
    expect(fhirProblems({ resourceType: 'Observation', id: 'x' } as never).length).toBeGreaterThan(0);
    const bad = readingObservations(reading([{ metric: 'weight', value: 70 }]))[0]!;
    // The bodyweight profile requires the LOINC body weight code and a time.
    const height = { system: 'http://loinc.org', code: '8302-2' };
    expect(fhirProblems({ ...bad, code: { coding: [height] } }).join()).toMatch(/bodyweight/);
    expect(fhirProblems({ ...bad, effectiveDateTime: undefined }).length).toBeGreaterThan(0);
    const bp = readingObservations(
      reading([
        { metric: 'systolic_bp', value: 120 },
        { metric: 'diastolic_bp', value: 80 },
      ]),
    )[0]!;
    expect(fhirProblems({ ...bp, component: bp.component?.slice(0, 1) }).join()).toMatch(/DiastolicBP/);
    expect(() => expectValidFhir({ ...bad, valueQuantity: { value: 'seventy' } })).toThrow(/Invalid FHIR/);
    expect(() => expectValidFhir({ ...bad, valueQuantity: { ...bad.valueQuantity, valu: 70 } })).toThrow(
      /Invalid FHIR/,
    );
  });

  it('the official R4 JSON schema and the JSON rules are checked too', () => {
    const valid = readingObservations(reading([{ metric: 'weight', value: 70 }]))[0]!;
    expect(fhirProblems(valid)).toEqual([]);
    // Medplum's definitions know `meta.project` (its own field); HL7's schema does not.
    const medplumMeta = { ...valid, meta: { ...valid.meta, project: 'p' } };
    expect(fhirProblems(medplumMeta).join()).toMatch(/fhir\.schema\.json.*\/meta must NOT have additional/);
    const emptyBundle: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };
    expect(fhirProblems(emptyBundle)).toEqual(['Bundle/?: empty array at entry']);
    expect(fhirProblems({ ...valid, category: [{}] }).join()).toMatch(/empty object at category\[0\]/);
    const inBundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: medplumMeta }],
    };
    expect(fhirProblems(inBundle).join()).toMatch(/Observation\/.*fhir\.schema\.json/);
  });
});
