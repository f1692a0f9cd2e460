import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidFhir } from '../../test/fhir-validate';
import { createTestApp, createTestUser, type TestApp } from '../../test/harness';
import { connectPartner, registerTestPartnerApp } from '../../test/partner-harness';
import { endConnections } from '../oauth';
import {
  expectOutcome,
  fhirGet,
  observationCount,
  SMART_SCOPES,
  type SeededPatient,
  seedPatient,
} from './fhir.test-support';

const B = '/fhir/R4';
const DAYS = 12;

let t: TestApp;
let alice: SeededPatient;
let bob: SeededPatient;

beforeAll(async () => {
  t = await createTestApp();
  alice = await seedPatient(t, { days: DAYS });
  bob = await seedPatient(t, { days: 3 });
});
afterAll(async () => {
  await t?.close();
});

const bundleOf = async (url: string, token = alice.token) => {
  const res = await fhirGet(t, token, url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const bundle = res.json() as Bundle<Observation>;
  expectValidFhir(bundle);
  return bundle;
};
const loincs = (b: Bundle<Observation>) =>
  (b.entry ?? []).map((e) => e.resource?.code.coding?.find((c) => c.system === 'http://loinc.org')?.code);

describe('discovery', () => {
  it('serves a valid CapabilityStatement with the SMART security extension and search parameters', async () => {
    const res = await fhirGet(t, undefined, `${B}/metadata`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = res.json();
    expectValidFhir(cs);
    expect(cs.fhirVersion).toBe('4.0.1');
    const rest = cs.rest[0];
    expect(rest.security.service[0].coding[0].code).toBe('SMART-on-FHIR');
    const oauth = rest.security.extension[0].extension;
    expect(oauth).toEqual(
      expect.arrayContaining([{ url: 'token', valueUri: 'http://localhost:8080/oauth/token' }]),
    );
    const obs = rest.resource.find((r: { type: string }) => r.type === 'Observation');
    expect(obs.searchParam.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['patient', 'subject', 'code', 'category', 'date', '_lastUpdated']),
    );
  });

  it('serves the SMART configuration pointing at the OAuth server', async () => {
    const res = await fhirGet(t, undefined, `${B}/.well-known/smart-configuration`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      authorization_endpoint: 'http://localhost:8080/oauth/auth',
      token_endpoint: 'http://localhost:8080/oauth/token',
      code_challenge_methods_supported: ['S256'],
      capabilities: expect.arrayContaining(['permission-v2', 'context-standalone-patient']),
      scopes_supported: expect.arrayContaining(['patient/Observation.rs', 'launch/patient']),
    });
  });
});

describe('Patient and Device', () => {
  it('reads the token’s patient, and answers 404 for anyone else', async () => {
    const res = await fhirGet(t, alice.token, `${B}/Patient/${alice.user.user.id}`);
    expect(res.statusCode).toBe(200);
    const patient = res.json();
    expectValidFhir(patient);
    expect(patient).toMatchObject({ id: alice.user.user.id, birthDate: '1985-06-15' });
    expectOutcome(await fhirGet(t, alice.token, `${B}/Patient/${bob.user.user.id}`), 404);
    const search = await bundleOf(`${B}/Patient?_id=${bob.user.user.id}`);
    expect(search.total).toBe(0);
    // FHIR JSON has no empty arrays: an empty searchset has no `entry` (expectValidFhir checks it too).
    expect(search).not.toHaveProperty('entry');
  });

  it('reads and searches the patient’s devices, not another user’s', async () => {
    const res = await fhirGet(t, alice.token, `${B}/Device/${alice.deviceId}`);
    expect(res.statusCode).toBe(200);
    expectValidFhir(res.json());
    expect(res.json()).toMatchObject({
      status: 'active',
      patient: { reference: `Patient/${alice.user.user.id}` },
    });
    expectOutcome(await fhirGet(t, alice.token, `${B}/Device/${bob.deviceId}`), 404);
    expectOutcome(await fhirGet(t, alice.token, `${B}/Device/not-a-uuid`), 404);
    const devices = await bundleOf(`${B}/Device?patient=Patient/${alice.user.user.id}`);
    expect(devices.entry?.map((e) => e.resource?.id)).toEqual([alice.deviceId]);
    expect((await bundleOf(`${B}/Device?patient=${bob.user.user.id}`)).total).toBe(0);
  });
});

describe('Observation search', () => {
  it('pages through every Observation exactly once with next links, each valid', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${B}/Observation?patient=${alice.user.user.id}&_count=7`;
    let pages = 0;
    while (url) {
      const page = await bundleOf(url);
      pages += 1;
      expect(page.total).toBe(observationCount(DAYS));
      expect(page.entry?.length ?? 0).toBeLessThanOrEqual(7);
      for (const e of page.entry ?? []) {
        expect(e.fullUrl).toBe(`http://localhost:8080/fhir/R4/Observation/${e.resource?.id}`);
        seen.push(e.resource!.id!);
      }
      const next = page.link?.find((l) => l.relation === 'next')?.url;
      url = next?.replace('http://localhost:8080', '');
    }
    expect(pages).toBe(Math.ceil(observationCount(DAYS) / 7));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(observationCount(DAYS));
  });

  it('sorts by date, oldest first by default and newest first with _sort=-date', async () => {
    const dates = (b: Bundle<Observation>) =>
      (b.entry ?? []).map((e) => Date.parse(e.resource!.effectiveDateTime!));
    const asc = dates(await bundleOf(`${B}/Observation?_count=500`));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = dates(await bundleOf(`${B}/Observation?_sort=-date&_count=5`));
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(desc[0]).toBe(Math.max(...asc));
  });

  it('filters by code (system|code), category, and date ranges', async () => {
    const weights = await bundleOf(`${B}/Observation?code=http://loinc.org|29463-7&_count=500`);
    expect(weights.total).toBe(DAYS);
    expect(new Set(loincs(weights))).toEqual(new Set(['29463-7']));
    const bp = await bundleOf(`${B}/Observation?code=http%3A%2F%2Floinc.org%7C85354-9`);
    expect(bp.total).toBe(1);
    expect(bp.entry?.[0]?.resource?.component).toHaveLength(2);
    const either = await bundleOf(`${B}/Observation?code=http://loinc.org|8867-4,http://loinc.org|2708-6`);
    expect(new Set(loincs(either))).toEqual(new Set(['8867-4', '2708-6']));
    expect((await bundleOf(`${B}/Observation?code=http://snomed.info/sct|29463-7`)).total).toBe(0);
    const activity = await bundleOf(`${B}/Observation?category=activity`);
    expect(loincs(activity)).toEqual(['55423-8']);
    const vitals = await bundleOf(
      `${B}/Observation?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs&_count=500`,
    );
    // weight + BMI per weigh-in, height, BP, HR, SpO2, temperature, respiratory rate
    expect(vitals.total).toBe(DAYS * 2 + 6);
    // Weigh-ins are daily from 2024-01-01T06:30Z: 2024-01-03 to 2024-01-05 (exclusive) holds two.
    const range = await bundleOf(`${B}/Observation?code=29463-7&date=ge2024-01-03&date=lt2024-01-05`);
    expect(range.total).toBe(2);
    const day = await bundleOf(`${B}/Observation?code=29463-7&date=2024-01-04`);
    expect(day.entry?.map((e) => e.resource?.effectiveDateTime)).toEqual(['2024-01-04T06:30:00+00:00']);
    const after = await bundleOf(`${B}/Observation?code=29463-7&date=gt2024-01-04T06:30:00Z`);
    expect(after.total).toBe(DAYS - 4);
    const upTo = await bundleOf(`${B}/Observation?code=29463-7&date=le2024-01-02`);
    expect(upTo.total).toBe(2);
    const zoned = await bundleOf(`${B}/Observation?code=29463-7&date=lt2024-01-02T08:30:00%2B02:00`);
    expect(zoned.total).toBe(1);
    expect((await bundleOf(`${B}/Observation?_lastUpdated=ge2000-01-01&_count=1`)).total).toBe(
      observationCount(DAYS),
    );
    expect((await bundleOf(`${B}/Observation?_lastUpdated=lt2000-01-01`)).total).toBe(0);
  });

  it('reads one Observation by its stable id; another user’s is 404', async () => {
    const first = (await bundleOf(`${B}/Observation?code=85354-9`)).entry![0]!.resource!;
    const res = await fhirGet(t, alice.token, `${B}/Observation/${first.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(first);
    const bobs = (await bundleOf(`${B}/Observation?_count=1`, bob.token)).entry![0]!.resource!;
    expectOutcome(await fhirGet(t, alice.token, `${B}/Observation/${bobs.id}`), 404);
    expectOutcome(await fhirGet(t, alice.token, `${B}/Observation/nonsense`), 404);
    // Searching for another patient finds nothing, and reveals nothing.
    const other = await bundleOf(`${B}/Observation?subject=Patient/${bob.user.user.id}`);
    expect(other.total).toBe(0);
  });

  it('answers bad parameters with 400 OperationOutcome, never a 500', async () => {
    for (const q of [
      'date=yesterday',
      'date=2024-13-01',
      'date=sa2024-01-01',
      '_count=many',
      '_sort=code',
      '_cursor=bm90LWEtY3Vyc29y',
      'code=a|b|c',
      'patient=Group/1',
      'unknown=1',
      'code:text=weight',
      '_format=xml',
      '_count=1&_count=2',
    ]) {
      const body = expectOutcome(await fhirGet(t, alice.token, `${B}/Observation?${q}`), 400);
      expect(body.issue[0]?.code).toBe('invalid');
      expect(body.issue[0]?.diagnostics).not.toMatch(/yesterday|many|bm90/);
    }
  });
});

describe('tokens and scopes', () => {
  it('answers 401 with WWW-Authenticate without a valid token', async () => {
    const res = await fhirGet(t, undefined, `${B}/Observation`);
    expectOutcome(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expectOutcome(await fhirGet(t, 'not-a-token', `${B}/Patient/${alice.user.user.id}`), 401);
  });

  it('answers 403 to a token without the resource’s scope', async () => {
    const user = await createTestUser(t);
    const app = await registerTestPartnerApp(t, { scopes: SMART_SCOPES });
    const { accessToken } = await connectPartner(t, user, app, ['patient/Patient.rs']);
    const res = await fhirGet(t, accessToken, `${B}/Observation`);
    expectOutcome(res, 403);
    expect(res.headers['www-authenticate']).toMatch(/insufficient_scope/);
    expectOutcome(await fhirGet(t, accessToken, `${B}/Device`), 403);
    expect((await fhirGet(t, accessToken, `${B}/Patient/${user.user.id}`)).statusCode).toBe(200);
  });

  it('records every partner read in the user’s access log, and stops at disconnect', async () => {
    const p = await seedPatient(t, { days: 2 });
    await bundleOf(`${B}/Observation?code=29463-7`, p.token);
    const log = await p.user.client.get('/api/me/access-log');
    expect(log.statusCode).toBe(200);
    const entries = JSON.stringify(log.json());
    expect(entries).toContain('observations:weight');
    expect(entries).toContain('partner');
    await endConnections(t.database.db, p.user.user.id, t.clock.now());
    expectOutcome(await fhirGet(t, p.token, `${B}/Observation`), 401);
  });
});
