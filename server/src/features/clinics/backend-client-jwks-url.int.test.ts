import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/harness';
import {
  clientAssertion,
  clientCredentialsRequest,
  type EhrKey,
  ehrKey as smartEhrKey,
} from '../../test/smart-backend';
import { fhirGet, seedPatient } from '../fhir/fhir.test-support';
import { createClinic, enrolPatient, joinStaff } from './clinics.test-support';

/**
 * The clinic's EHR registered by the URL of its key set (SMART Backend Services `jwks_url`): a real
 * HTTP server on 127.0.0.1 serves the set (plain http to loopback is allowed for tests only,
 * JWKS_URL_ALLOW_HTTP_LOOPBACK), real assertions signed with jose, the token endpoint, a bulk export.
 */

let t: TestApp;
let base: string;

/** The EHR's key server: what it serves can change, and it counts the fetches it answers. */
interface KeyServer {
  url: string;
  hits: number;
  serve(body: unknown, opts?: { status?: number; cacheControl?: string; raw?: string }): void;
  close(): Promise<void>;
}

async function startKeyServer(): Promise<KeyServer> {
  let answer = { status: 200, body: '{}', headers: {} as Record<string, string> };
  const server = createServer((_req, res) => {
    keys.hits += 1;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const keys: KeyServer = {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    hits: 0,
    serve(body, opts = {}) {
      answer = {
        status: opts.status ?? 200,
        body: opts.raw ?? JSON.stringify(body),
        headers: opts.cacheControl ? { 'cache-control': opts.cacheControl } : {},
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return keys;
}

const ehrKey = () => smartEhrKey('ES384');

/** The assertion SMART describes, signed with `key` (and a `jku` header when given). */
async function tokenRequest(clientId: string, key: EhrKey, jku?: string) {
  const tokenUrl = `${base}/oauth/token`;
  const signed = await clientAssertion({
    clientId,
    alg: 'ES384',
    kid: key.kid,
    key: key.privateKey,
    tokenUrl,
    jku,
  });
  return clientCredentialsRequest(t, signed);
}

const put = (admin: TestUser, clinicId: string, body: unknown) =>
  admin.client.put(`/api/clinics/${clinicId}/backend-client`, body);

let server: KeyServer;
let clinic: { id: string };
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({ config: { jwksUrlAllowHttpLoopback: true } });
  base = t.app.ctx.config.publicUrl;
  server = await startKeyServer();
  ({ clinic, admin } = await createClinic(t, 'Clinique des Clés'));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('registering the EHR’s keys by URL', () => {
  it('fetches and checks the URL now, and refuses one that cannot serve public keys, with the reason', async () => {
    const key = await ehrKey();
    const refused = async (body: unknown, code: string, problem?: string) => {
      const res = await put(admin, clinic.id, body);
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe(code);
      if (problem) expect(error.details).toEqual({ problem });
      expect(JSON.stringify(error)).not.toMatch(/stack|ECONN|at \//);
    };
    // Private, link-local (cloud metadata) and unique-local addresses, whatever the scheme.
    await refused({ jwksUrl: 'https://10.0.0.8/jwks.json' }, 'invalid_jwks_url', 'non_public_address');
    await refused(
      { jwksUrl: 'https://169.254.169.254/latest/meta-data' },
      'invalid_jwks_url',
      'non_public_address',
    );
    await refused({ jwksUrl: 'https://[fd00::1]/jwks.json' }, 'invalid_jwks_url', 'non_public_address');
    // Plain http only to loopback, and only with the development flag.
    await refused({ jwksUrl: 'http://192.168.1.10/jwks.json' }, 'invalid_jwks_url', 'not_https');
    await refused({ jwksUrl: 'ftp://example.org/jwks.json' }, 'invalid_jwks_url', 'not_https');
    await refused({ jwksUrl: 'https://ehr:secret@example.org/jwks' }, 'invalid_jwks_url', 'credentials');
    await refused({ jwksUrl: 'not a url' }, 'invalid_jwks_url', 'invalid_url');
    // What the URL answers.
    server.serve({}, { status: 404 });
    await refused({ jwksUrl: server.url }, 'invalid_jwks_url', 'http_status');
    server.serve(undefined, { raw: '<html>keys</html>' });
    await refused({ jwksUrl: server.url }, 'invalid_jwks_url', 'not_json');
    server.serve(undefined, { raw: JSON.stringify({ keys: [key.jwk], pad: 'x'.repeat(100_000) }) });
    await refused({ jwksUrl: server.url }, 'invalid_jwks_url', 'too_large');
    server.serve({ keys: [{ ...key.privateJwk, kid: key.kid }] });
    await refused({ jwksUrl: server.url }, 'invalid_jwks', 'private_key');
    // One of the two, never both.
    await refused({ jwks: { keys: [key.jwk] }, jwksUrl: server.url }, 'invalid_input');
    await refused({ jwksUrl: 42 }, 'invalid_input');
    // Nothing was registered by any of these.
    expect((await admin.client.get(`/api/clinics/${clinic.id}/backend-client`)).statusCode).toBe(404);
  });

  it('another clinic’s admin, or a clinician of this one, cannot register this clinic’s keys', async () => {
    const key = await ehrKey();
    server.serve({ keys: [key.jwk] });
    const other = await createClinic(t, 'Clinique Voisine');
    expect((await put(other.admin, clinic.id, { jwksUrl: server.url })).statusCode).toBe(404);
    const clinician = await joinStaff(t, clinic.id, admin.client, 'clinician');
    const res = await put(clinician, clinic.id, { jwksUrl: server.url });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('clinic_role_forbidden');
    expect((await admin.client.get(`/api/clinics/${clinic.id}/backend-client`)).statusCode).toBe(404);
  });
});

describe('tokens against keys fetched from the URL', () => {
  it('a real assertion gets a bulk-export token; a rotated key is accepted after one refetch, rate limited', async () => {
    const first = await ehrKey();
    server.serve({ keys: [first.jwk] }, { cacheControl: 'max-age=3600' });
    const registered = await put(admin, clinic.id, { jwksUrl: server.url });
    expect(registered.statusCode, registered.body).toBe(200);
    expect(registered.json()).toMatchObject({ jwksUrl: server.url, keyIds: [], groupId: clinic.id });
    const clientId: string = registered.json().clientId;

    const patient = await seedPatient(t, { days: 1 });
    await enrolPatient(t, clinic.id, admin.client, ['blood_pressure'], patient.user);
    const hitsBefore = server.hits;
    const res = await tokenRequest(clientId, first);
    expect(res.statusCode, res.body).toBe(200);
    expect(server.hits).toBe(hitsBefore + 1);
    const kick = await fhirGet(t, res.json().access_token, `/fhir/R4/Group/${clinic.id}/$export`, {
      prefer: 'respond-async',
    });
    expect(kick.statusCode, kick.body).toBe(202);
    // Cached: the next token needs no fetch.
    expect((await tokenRequest(clientId, first)).statusCode).toBe(200);
    expect(server.hits).toBe(hitsBefore + 1);

    // The EHR rotates at its URL. Right after a fetch, unknown kids do not make us fetch again:
    // someone sending made-up kids cannot make us hammer the clinic's server.
    const second = await ehrKey();
    server.serve({ keys: [second.jwk] }, { cacheControl: 'max-age=3600' });
    for (let i = 0; i < 3; i++) {
      const refused = await tokenRequest(clientId, i === 0 ? second : await ehrKey());
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toBe('invalid_client');
    }
    expect(server.hits).toBe(hitsBefore + 1);
    // A minute on, the unknown kid fetches the set once, and the new key is accepted.
    t.clock.advance(61_000);
    expect((await tokenRequest(clientId, second)).statusCode).toBe(200);
    expect(server.hits).toBe(hitsBefore + 2);
    // The withdrawn key no longer verifies.
    expect((await tokenRequest(clientId, first)).statusCode).toBe(401);
  });

  it('keys live at most their max-age; a URL that fails then answers invalid_client saying so', async () => {
    const other = await createClinic(t, 'Clinique du Cache');
    const key = await ehrKey();
    const keyServer = await startKeyServer();
    try {
      keyServer.serve({ keys: [key.jwk] }, { cacheControl: 'public, max-age=120' });
      const registered = await put(other.admin, other.clinic.id, { jwksUrl: keyServer.url });
      expect(registered.statusCode, registered.body).toBe(200);
      const clientId: string = registered.json().clientId;
      expect((await tokenRequest(clientId, key)).statusCode).toBe(200);

      // Past max-age the set is fetched again before use; the server now fails: no key is used.
      keyServer.serve({}, { status: 503 });
      t.clock.advance(121_000);
      const refused = await tokenRequest(clientId, key);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: 'invalid_client' });
      expect(refused.json().error_description).toMatch(/could not be fetched from its registered jwks_url/);

      // The server is back: a minute later (the refetch limit), the key works again.
      keyServer.serve({ keys: [key.jwk] }, { cacheControl: 'max-age=120' });
      t.clock.advance(61_000);
      expect((await tokenRequest(clientId, key)).statusCode).toBe(200);

      // A jku header must be the registered URL (SMART): another URL is refused, never fetched.
      const hits = keyServer.hits;
      const elsewhere = await tokenRequest(clientId, key, 'https://attacker.example/jwks.json');
      expect(elsewhere.statusCode).toBe(401);
      expect(elsewhere.json().error).toBe('invalid_client');
      expect((await tokenRequest(clientId, key, keyServer.url)).statusCode).toBe(200);
      expect(keyServer.hits).toBe(hits);

      // Back to a pasted key set: the URL is no longer used.
      const pasted = await put(other.admin, other.clinic.id, { jwks: { keys: [key.jwk] } });
      expect(pasted.json()).toMatchObject({ clientId, jwksUrl: null, keyIds: [key.kid] });
      keyServer.serve({}, { status: 500 });
      expect((await tokenRequest(clientId, key)).statusCode).toBe(200);
      expect((await tokenRequest(clientId, key, keyServer.url)).statusCode).toBe(401);
    } finally {
      await keyServer.close();
    }
  });
});
