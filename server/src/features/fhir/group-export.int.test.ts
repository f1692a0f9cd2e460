import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { KeyLike } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectValidFhir } from '../../test/fhir-validate';
import { createTestApp, type TestApp, type TestUser } from '../../test/harness';
import { clientAssertion, clientCredentialsRequest, ehrKey } from '../../test/smart-backend';
import { createClinic, enrolPatient } from '../clinics/clinics.test-support';
import { APP_DISABLED_MESSAGE, disablePartnerAppAsOperator, enablePartnerAppAsOperator } from '../oauth';
import { createBulkExportService } from './bulk-export.service';
import { expectOutcome, fhirGet, type SeededPatient, seedPatient } from './fhir.test-support';

/**
 * A clinic's EHR as a SMART Backend Services client (issue #15): a real JWT client assertion signed
 * with jose, the token endpoint, the clinic's Group and its Bulk Data export, and the role cells
 * (another clinic's client, a patient who stopped sharing, categories not shared, a user's token).
 */

const B = '/fhir/R4';
let t: TestApp;
let base: string;

// Written from the specifications, not from our answers:
// SMART App Launch 2.x, Backend Services, "Response to a successful access token request": access_token,
// token_type "bearer", expires_in (the spec recommends at most 300 s), scope.
const smartTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive().max(300),
  scope: z.string().min(1),
});
// Bulk Data Access IG 2.0, "Response - Complete Status": transactionTime (FHIR instant), request (the
// kick-off URL), requiresAccessToken, output[] { type, url (absolute), count? }, error[].
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const bulkManifest = z.object({
  transactionTime: z.string().regex(instant),
  request: z.url(),
  requiresAccessToken: z.boolean(),
  output: z.array(z.object({ type: z.string(), url: z.url(), count: z.number().int().optional() })),
  error: z.array(z.object({ type: z.literal('OperationOutcome'), url: z.url() })),
});

interface EhrClient {
  clientId: string;
  privateKey: KeyLike;
  alg: 'RS384' | 'ES384';
  kid: string;
}

function assertion(c: EhrClient, opts: { jti?: string; key?: KeyLike } = {}) {
  const { clientId, alg, kid } = c;
  const tokenUrl = `${base}/oauth/token`;
  return clientAssertion({ clientId, alg, kid, key: opts.key ?? c.privateKey, tokenUrl, jti: opts.jti });
}

const tokenRequest = (assertion: string, scope?: string) => clientCredentialsRequest(t, assertion, scope);

async function tokenOf(c: EhrClient, scope?: string): Promise<string> {
  const res = await tokenRequest(await assertion(c), scope);
  expect(res.statusCode, res.body).toBe(200);
  return smartTokenResponse.parse(res.json()).access_token;
}

async function registerEhr(admin: TestUser, clinicId: string, alg: EhrClient['alg']): Promise<EhrClient> {
  const keys = await ehrKey(alg);
  const res = await admin.client.put(`/api/clinics/${clinicId}/backend-client`, {
    jwks: { keys: [keys.jwk] },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ groupId: clinicId, tokenUrl: `${base}/oauth/token` });
  return { clientId: res.json().clientId, privateKey: keys.privateKey, alg, kid: keys.kid };
}

let clinicA: { id: string };
let clinicB: { id: string };
let adminA: TestUser;
let ehrA: EhrClient;
let ehrB: EhrClient;
let alice: SeededPatient; // shares blood pressure with A
let bob: SeededPatient; // shares weight with A
let carol: SeededPatient; // shared with A, then stopped

beforeAll(async () => {
  t = await createTestApp();
  base = t.app.ctx.config.publicUrl;
  const a = await createClinic(t, 'Clinique A');
  const b = await createClinic(t, 'Clinique B');
  clinicA = a.clinic;
  clinicB = b.clinic;
  adminA = a.admin;
  ehrA = await registerEhr(a.admin, clinicA.id, 'RS384');
  ehrB = await registerEhr(b.admin, clinicB.id, 'ES384');
  [alice, bob, carol] = [
    await seedPatient(t, { days: 2 }),
    await seedPatient(t, { days: 2 }),
    await seedPatient(t, { days: 2 }),
  ];
  await enrolPatient(t, clinicA.id, a.admin.client, ['blood_pressure'], alice.user);
  await enrolPatient(t, clinicA.id, a.admin.client, ['weight'], bob.user);
  await enrolPatient(t, clinicA.id, a.admin.client, ['blood_pressure', 'weight'], carol.user);
  expect((await carol.user.client.delete(`/api/me/clinics/${clinicA.id}`)).statusCode).toBe(204);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('registering the EHR client', () => {
  it('takes public keys only, from the clinic_admin', async () => {
    const keys = await ehrKey('RS384');
    const res = await adminA.client.put(`/api/clinics/${clinicA.id}/backend-client`, {
      jwks: { keys: [{ ...keys.privateJwk, kid: keys.kid }] },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_jwks', details: { problem: 'private_key' } });
    // Another clinic's admin: the clinic is not theirs (404).
    const other = await adminA.client.get(`/api/clinics/${clinicB.id}/backend-client`);
    expect(other.statusCode).toBe(404);
    const mine = await adminA.client.get(`/api/clinics/${clinicA.id}/backend-client`);
    expect(mine.json()).toMatchObject({ clientId: ehrA.clientId, keyIds: [ehrA.kid] });
  });

  it('says what is wrong with a key set; removing the client ends its tokens at once', async () => {
    const c = await createClinic(t, 'Clinique C');
    const ehr = await registerEhr(c.admin, c.clinic.id, 'ES384');
    const token = await tokenOf(ehr);
    expect((await fhirGet(t, token, `${B}/Group/${c.clinic.id}`)).statusCode).toBe(200);
    const url = `/api/clinics/${c.clinic.id}/backend-client`;
    const { jwk } = await ehrKey('RS384');
    const badAlg = await c.admin.client.put(url, { jwks: { keys: [{ ...jwk, alg: 'HS256' }] } });
    expect(badAlg.json().error).toMatchObject({ code: 'invalid_jwks', details: { problem: 'alg' } });
    const badKey = await c.admin.client.put(url, {
      jwks: { keys: [{ kty: 'RSA', e: 'AQAB', kid: 'no-n' }] },
    });
    expect(badKey.json().error).toMatchObject({ code: 'invalid_jwks', details: { problem: 'unreadable' } });

    expect((await c.admin.client.delete(url)).statusCode).toBe(204);
    expectOutcome(await fhirGet(t, token, `${B}/Group/${c.clinic.id}`), 401);
    expect((await tokenRequest(await assertion(ehr))).json().error).toBe('invalid_client');
    expect((await c.admin.client.get(url)).statusCode).toBe(404);
    expect((await c.admin.client.delete(url)).statusCode).toBe(404);
    // Another clinic's admin cannot remove this one's (their own is untouched).
    expect((await c.admin.client.delete(`/api/clinics/${clinicA.id}/backend-client`)).statusCode).toBe(404);
    expect((await adminA.client.get(`/api/clinics/${clinicA.id}/backend-client`)).statusCode).toBe(200);
  });
});

describe('token endpoint (client_credentials, private_key_jwt)', () => {
  it('is announced in the SMART configuration and the CapabilityStatement', async () => {
    const smart = (await fhirGet(t, undefined, `${B}/.well-known/smart-configuration`)).json();
    expect(smart.grant_types_supported).toContain('client_credentials');
    expect(smart.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(smart.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['RS384', 'ES384']),
    );
    expect(smart.capabilities).toContain('client-confidential-asymmetric');
    expect(smart.scopes_supported).toEqual(
      expect.arrayContaining(['system/Patient.rs', 'system/Observation.rs']),
    );
    const metadata = (await fhirGet(t, undefined, `${B}/metadata`)).json();
    expectValidFhir(metadata);
    const group = metadata.rest[0].resource.find((r: { type: string }) => r.type === 'Group');
    expect(group.operation[0].definition).toBe(
      'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
    );
  });

  it('issues a short-lived system token for a signed assertion, once per jti', async () => {
    const jti = randomUUID();
    const first = await tokenRequest(await assertion(ehrA, { jti }));
    expect(first.statusCode, first.body).toBe(200);
    const body = smartTokenResponse.parse(first.json());
    expect(body.scope.split(' ').sort()).toEqual(['system/Observation.rs', 'system/Patient.rs']);
    // The same jti again is a replay (SMART Backend Services: the server keeps jti until exp).
    const replay = await tokenRequest(await assertion(ehrA, { jti }));
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toBe('invalid_client');
  });

  it('refuses an assertion signed by another clinic’s key, and scopes outside system reads', async () => {
    // A key of the same kind that the clinic never registered (kid the registered one's).
    const stranger = await ehrKey('RS384');
    const forged = await tokenRequest(await assertion(ehrA, { key: stranger.privateKey }));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toBe('invalid_client');
    // Clinic B's own key cannot speak for clinic A's client either.
    const crossed = await tokenRequest(await assertion({ ...ehrB, clientId: ehrA.clientId }));
    expect(crossed.json().error).toBe('invalid_client');
    const user = await tokenRequest(await assertion(ehrA), 'patient/Observation.rs');
    expect(user.json().error).toBe('invalid_scope');
  });
});

describe('Group/{clinic}', () => {
  it('lists the patients sharing now, not the one who stopped', async () => {
    const res = await fhirGet(t, await tokenOf(ehrA), `${B}/Group/${clinicA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const group = res.json();
    expectValidFhir(group);
    const members = group.member.map((m: { entity: { reference: string } }) => m.entity.reference).sort();
    expect(members).toEqual([`Patient/${alice.user.user.id}`, `Patient/${bob.user.user.id}`].sort());
    expect(group).toMatchObject({ resourceType: 'Group', type: 'person', actual: true, quantity: 2 });
    expect(JSON.stringify(group)).not.toContain(carol.user.user.id);
  });

  it('another clinic’s client gets 404; a user’s app token 403; no token 401', async () => {
    expectOutcome(await fhirGet(t, await tokenOf(ehrB), `${B}/Group/${clinicA.id}`), 404);
    expectOutcome(
      await fhirGet(t, await tokenOf(ehrB), `${B}/Group/${clinicA.id}/$export`, { prefer: 'respond-async' }),
      404,
    );
    const empty = await fhirGet(t, await tokenOf(ehrB), `${B}/Group/${clinicB.id}`);
    expect(empty.json()).toMatchObject({ quantity: 0 });
    expect(empty.json().member).toBeUndefined();
    // Nothing to export: said at once (400), not a status URL that never answers.
    expectOutcome(
      await fhirGet(t, await tokenOf(ehrB), `${B}/Group/${clinicB.id}/$export`, { prefer: 'respond-async' }),
      400,
    );
    expectOutcome(await fhirGet(t, alice.token, `${B}/Group/${clinicA.id}`), 403);
    expectOutcome(await fhirGet(t, undefined, `${B}/Group/${clinicA.id}`), 401);
    // A system token opens no patient-level route.
    expectOutcome(await fhirGet(t, await tokenOf(ehrA), `${B}/Patient/${alice.user.user.id}`), 401);
  });
});

describe('Group/{clinic}/$export', () => {
  it('exports each sharing patient, only the categories each shared, recorded as the clinic’s read', async () => {
    const token = await tokenOf(ehrA);
    const kick = await fhirGet(t, token, `${B}/Group/${clinicA.id}/$export`, { prefer: 'respond-async' });
    expect(kick.statusCode, kick.body).toBe(202);
    const statusPath = String(kick.headers['content-location']).replace(base, '');
    expect((await fhirGet(t, token, statusPath)).statusCode).toBe(202);
    // Someone else's bearer cannot poll it.
    expectOutcome(await fhirGet(t, await tokenOf(ehrB), statusPath), 404);

    // No queue in this process: the sweep runs each patient's part.
    expect((await createBulkExportService(t.app.ctx).sweep()).ran).toBe(2);
    const done = await fhirGet(t, token, statusPath);
    expect(done.statusCode, done.body).toBe(200);
    const manifest = bulkManifest.parse(done.json());
    expect(manifest.requiresAccessToken).toBe(true);

    const resources: Resource[] = [];
    for (const out of manifest.output) {
      const file = await fhirGet(t, token, out.url.replace(base, ''));
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
      const lines = file.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Resource);
      expect(lines).toHaveLength(out.count!);
      for (const r of lines) expect(r.resourceType).toBe(out.type);
      resources.push(...lines);
    }
    for (const r of resources) expectValidFhir(r);
    const patients = resources
      .filter((r) => r.resourceType === 'Patient')
      .map((r) => r.id)
      .sort();
    expect(patients).toEqual([alice.user.user.id, bob.user.user.id].sort());
    expect(JSON.stringify(resources)).not.toContain(carol.user.user.id);

    const codesOf = (userId: string) =>
      new Set(
        resources
          .filter((r) => r.resourceType === 'Observation' && JSON.stringify(r).includes(`Patient/${userId}`))
          .flatMap((r) => (r as { code: { coding: { code: string }[] } }).code.coding.map((c) => c.code)),
      );
    // Alice shared blood pressure (with its pulse): the panel and the heart rate, no weight, no SpO2.
    expect([...codesOf(alice.user.user.id)].sort()).toEqual(['85354-9', '8867-4']);
    // Bob shared weight: weight and BMI only.
    expect([...codesOf(bob.user.user.id)].sort()).toEqual(['29463-7', '39156-5']);

    const log = await alice.user.client.get('/api/me/access-log');
    expect(JSON.stringify(log.json())).toContain('EHR export');
    expect(JSON.stringify(log.json())).toContain('Clinique A');

    // DELETE cancels it: the status URL is gone.
    const del = await t.app.inject({
      method: 'DELETE',
      url: statusPath,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.statusCode).toBe(202);
    expectOutcome(await fhirGet(t, token, statusPath), 404);
  });

  it('stops when the operator disables the EHR client: refused while disabled, no file after', async () => {
    const token = await tokenOf(ehrA);
    const kick = await fhirGet(t, token, `${B}/Group/${clinicA.id}/$export`, { prefer: 'respond-async' });
    expect(kick.statusCode, kick.body).toBe(202);
    const statusPath = String(kick.headers['content-location']).replace(base, '');

    await disablePartnerAppAsOperator(t.app.ctx, ehrA.clientId, 'Security review');
    const refused = await fhirGet(t, token, statusPath);
    expectOutcome(refused, 401);
    expect(refused.body).toContain(APP_DISABLED_MESSAGE);
    // Each patient's part runs and reads nothing: no file is written.
    expect((await createBulkExportService(t.app.ctx).sweep()).ran).toBe(2);

    await enablePartnerAppAsOperator(t.app.ctx, ehrA.clientId);
    const done = await fhirGet(t, token, statusPath);
    expect(done.statusCode, done.body).toBe(200);
    expect(bulkManifest.parse(done.json()).output).toEqual([]);
  });
});
