import type { Bundle, Observation } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import smart from 'fhirclient';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidFhir } from '../../test/fhir-validate';
import type { TestApp } from '../../test/harness';
import {
  createListeningTestApp,
  observationCount,
  type SeededPatient,
  seedPatient,
} from './fhir.test-support';

/**
 * Real FHIR client libraries against the server over HTTP: what a partner app would run, with only
 * the base URL and a token from our OAuth server.
 */
const DAYS = 15;
let t: TestApp & { baseUrl: string };
let alice: SeededPatient;
let bobObservationIds: Set<string>;

beforeAll(async () => {
  t = await createListeningTestApp();
  alice = await seedPatient(t, { days: DAYS });
  const bob = await seedPatient(t, { days: 2 });
  const client = new Client({ baseUrl: t.baseUrl, bearerToken: bob.token });
  const bundle = (await client.search({
    resourceType: 'Observation',
    searchParams: { _count: 100 },
  })) as unknown as Bundle;
  bobObservationIds = new Set((bundle.entry ?? []).map((e) => e.resource!.id!));
  expect(bobObservationIds.size).toBe(observationCount(2));
});
afterAll(async () => {
  await t?.close();
});

describe('fhir-kit-client', () => {
  it('reads the capability statement and the patient, and pages through every Observation once', async () => {
    const client = new Client({ baseUrl: t.baseUrl, bearerToken: alice.token });
    const cs = await client.capabilityStatement();
    expect(cs.resourceType).toBe('CapabilityStatement');
    const patient = await client.read({ resourceType: 'Patient', id: alice.user.user.id });
    expectValidFhir(patient);

    const ids: string[] = [];
    let page: Bundle | undefined = (await client.search({
      resourceType: 'Observation',
      searchParams: { patient: alice.user.user.id, _count: 8 },
    })) as unknown as Bundle;
    let pages = 0;
    while (page) {
      pages += 1;
      expectValidFhir(page);
      for (const e of page.entry ?? []) ids.push(e.resource!.id!);
      const next = client.nextPage({ bundle: page as never });
      page = next ? ((await next) as unknown as Bundle) : undefined;
    }
    expect(pages).toBe(Math.ceil(observationCount(DAYS) / 8));
    expect(ids.length).toBe(observationCount(DAYS));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => bobObservationIds.has(id))).toEqual([]);

    // The reads answer what the searches answered.
    const one = (await client.read({ resourceType: 'Observation', id: ids[3]! })) as unknown as Observation;
    expect(one.id).toBe(ids[3]);
  });

  it('filters by code and date, and gets 404 for another user’s Observation', async () => {
    const client = new Client({ baseUrl: t.baseUrl, bearerToken: alice.token });
    const weights = (await client.search({
      resourceType: 'Observation',
      searchParams: { code: 'http://loinc.org|29463-7', date: ['ge2024-01-05', 'lt2024-01-10'] },
    })) as unknown as Bundle<Observation>;
    expect(weights.total).toBe(5);
    for (const e of weights.entry ?? []) expect(e.resource?.valueQuantity?.code).toBe('kg');
    const bobs = [...bobObservationIds][0]!;
    await expect(client.read({ resourceType: 'Observation', id: bobs })).rejects.toMatchObject({
      response: { status: 404 },
    });
  });
});

describe('fhirclient (SMART on FHIR JS client)', () => {
  it('reads the patient in context and every Observation across pages', async () => {
    const fakeRequest = { headers: { host: '127.0.0.1' }, url: '/', socket: {} };
    const client = smart(fakeRequest as never, {} as never).client({
      serverUrl: t.baseUrl,
      tokenResponse: { access_token: alice.token, patient: alice.user.user.id, token_type: 'Bearer' },
    });
    const patient = await client.patient.read();
    expect(patient.id).toBe(alice.user.user.id);
    const observations = (await client.request(`Observation?patient=${client.patient.id}&_count=10`, {
      pageLimit: 0,
      flat: true,
    })) as Observation[];
    expect(observations.length).toBe(observationCount(DAYS));
    expect(new Set(observations.map((o) => o.id)).size).toBe(observations.length);
    for (const o of observations) expectValidFhir(o);
    const bp = observations.find((o) => o.code.coding?.some((c) => c.code === '85354-9'));
    expect(bp?.component?.map((c) => c.valueQuantity?.value)).toEqual([124, 81]);
  });
});
