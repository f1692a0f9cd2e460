import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnit, pairUnit, syncKey } from '../features/devices/devices.test-support';
import { seedPatient } from '../features/fhir/fhir.test-support';
import { createTestApp, createTestUser, type TestApp } from './harness';
import { type JsonSchema, plausible, typeOf } from './plausible-input.test-support';
import { distinctAddresses, type RouteWithSchemas, routesWithSchemas } from './route-schemas.test-support';

/**
 * Families of bad input the main sweep (bad-input.int.test.ts) does not send, driven from the route
 * schemas so a new route is covered without a line here: forged cursors on every cursor parameter,
 * extreme dates on every date parameter and field, and NUL, lone surrogates and bad UTF-8 in every
 * string of every body, query and path. The answer is a 4xx in the error format (or the FHIR
 * OperationOutcome), never a 500; and the value is refused, not stored.
 */

type Route = RouteWithSchemas;

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';
/** Cursors a client could forge: every encoding the server has used, with values no page produces. */
const FORGED_CURSORS = [
  b64('\u0000'),
  b64('{"t":1,"id":"x"}'),
  b64(`{"t":1e300,"id":"${UUID}"}`),
  b64(`{"t":-1e300,"id":"${UUID}"}`),
  b64(`{"t":1e999,"id":"${UUID}"}`),
  b64(`{"t":1.5,"id":"${UUID}"}`),
  b64('{"phase":"readings","t":1,"id":""}'),
  b64('{"phase":"sessions","t":1,"id":"x\\u0000"}'),
  b64('{"phase":"series","t":1e300,"id":"weight"}'),
  b64('{"t":"0000-01-01T00:00:00.000000Z","r":"x","k":"weight","s":"asc"}'),
  b64('{"t":"2024-01-01T00:00:00.000000Z","r":"\\ud800","k":"weight","s":"asc"}'),
  b64(`{"c":"0000-01-01T00:00:00Z","i":"${UUID}"}`),
  b64(`0000-01-01T00:00:00.000Z|${UUID}`),
  b64('[]'),
  b64('null'),
  Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'),
  'x'.repeat(5000),
];
const isCursorParam = (name: string) => /cursor|^before$|^after$/i.test(name);

const EXTREME_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '1899-12-31T23:59:59Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1e999',
];
const EXTREME_DATES = ['0000-01-01', '1899-12-31', '9999-12-31', '0000-02-29'];
/** FHIR date parameters take a comparison prefix. */
const EXTREME_FHIR_DATES = ['lt0000-01-01', 'ge9999-12-31', 'gt0000', 'eq1899-12-31T23:59:59Z', 'le9999'];
const DATE_NAMES = new Set(['from', 'to', 'since', 'date', '_since', '_lastUpdated']);
const isDateSchema = (s: JsonSchema) => s.format === 'date-time' || s.format === 'date';

/** NUL, lone surrogates and bad UTF-8 as they arrive in a URL (percent-encoded) and in JSON. */
const BAD_URL_TEXT = ['a%00b', 'a%ED%A0%80b', 'a%FFb', 'a%E2%82'];
const BAD_JSON_TEXT = ['a\u0000b', 'a\ud800b', 'a\udc00b', '\udc00\ud800'];

/** Values a route's other parameters get, so the one under test is the reason of the answer. */
const GOOD_QUERY: Record<string, string> = {
  metric: 'weight',
  from: '2024-01-01T00:00:00Z',
  to: '2024-02-01T00:00:00Z',
  since: '2024-01-01T00:00:00Z',
  kind: 'bmi',
  period: 'day',
  type: 'sleep',
  limit: '10',
};

function goodQuery(route: Route, except: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of route.query) {
    if (p.name === except) continue;
    if (GOOD_QUERY[p.name]) out[p.name] = GOOD_QUERY[p.name]!;
    else if (p.required) out[p.name] = String(plausible(p.schema));
  }
  if (route.path.includes('/aggregates')) Object.assign(out, { from: '2024-01-01', to: '2024-01-31' });
  return out;
}

/** Paths to every string leaf of a value, and the value with one leaf replaced. */
function stringPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}
function replaced(value: unknown, path: Array<string | number>, leaf: unknown): unknown {
  if (!path.length) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = replaced(copy[head!], rest, leaf);
  return copy;
}
/** Paths to the date fields of a body schema. */
function datePaths(schema: JsonSchema, path: string[] = []): Array<{ path: string[]; schema: JsonSchema }> {
  if (isDateSchema(schema)) return [{ path, schema }];
  const inner = schema.anyOf ?? schema.oneOf;
  if (inner) return inner.flatMap((s) => datePaths(s, path)).slice(0, 1);
  if (typeOf(schema) !== 'object') return [];
  return Object.entries(schema.properties ?? {}).flatMap(([k, s]) => datePaths(s, [...path, k]));
}

interface Attempt {
  family: string;
  url: string;
  payload?: unknown;
  /** The answer must be a 4xx (the value is refused); otherwise anything but a 5xx. */
  refused: boolean;
}

function attemptsFor(route: Route): Attempt[] {
  const attempts: Attempt[] = [];
  const base = route.path.replace(/:\w+/g, UUID).replace(/\*$/, 'anything');
  const url = (q: Record<string, string>) => {
    const s = Object.entries(q)
      .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
      .join('&');
    return s ? `${base}?${s}` : base;
  };
  const enc = (q: Record<string, string>) =>
    Object.fromEntries(Object.entries(q).map(([k, v]) => [k, encodeURIComponent(v)]));
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body = route.body ? plausible(route.body) : hasBody ? {} : undefined;

  for (const p of route.query) {
    const others = enc(goodQuery(route, p.name));
    if (isCursorParam(p.name)) {
      for (const c of FORGED_CURSORS)
        attempts.push({
          family: `forged cursor ${p.name}`,
          url: url({ ...others, [p.name]: c }),
          payload: body,
          refused: true,
        });
    }
    const fhirDate = route.path.startsWith('/fhir/') && (p.name === 'date' || p.name === '_lastUpdated');
    if (isDateSchema(p.schema) || DATE_NAMES.has(p.name)) {
      const values = fhirDate
        ? EXTREME_FHIR_DATES
        : p.schema.format === 'date'
          ? EXTREME_DATES
          : EXTREME_INSTANTS;
      for (const v of values)
        attempts.push({
          family: `extreme date ${p.name}=${v}`,
          url: url({ ...others, [p.name]: encodeURIComponent(v) }),
          payload: body,
          refused: true,
        });
    }
    for (const v of BAD_URL_TEXT)
      attempts.push({
        family: `query ${p.name}=${v}`,
        url: url({ ...others, [p.name]: v }),
        payload: body,
        refused: true,
      });
  }
  if (route.path.includes(':')) {
    for (const v of BAD_URL_TEXT)
      attempts.push({
        family: `path ${v}`,
        url: route.path.replace(/:\w+/g, v),
        payload: body,
        refused: true,
      });
  }
  if (route.body && body !== undefined) {
    for (const path of stringPaths(body).slice(0, 40)) {
      for (const v of BAD_JSON_TEXT) {
        attempts.push({
          family: `body ${path.join('.')}: ill-formed text`,
          url: base,
          payload: replaced(body, path, v),
          // A device's batch refuses a bad item alone, in its answer (see household.int.test.ts).
          refused: !(route.path === '/api/device/sync' && path[0] === 'items'),
        });
      }
    }
    for (const { path, schema } of datePaths(route.body)) {
      for (const v of schema.format === 'date' ? EXTREME_DATES : EXTREME_INSTANTS) {
        attempts.push({
          family: `body ${path.join('.')}=${v}`,
          url: base,
          payload: replaced(body, path, v),
          refused: false,
        });
      }
    }
  }
  return attempts;
}

/** What is wrong with one answer; empty when it is acceptable. */
function problemsWith(res: LightMyRequestResponse, attempt: Attempt): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push('server error');
  else if (attempt.refused && res.statusCode < 400 && !(res.statusCode === 200 && res.json().status > 0)) {
    // (The Withings-style API answers 200 with a non-zero status: that is its refusal.)
    problems.push(`accepted (${res.statusCode})`);
  }
  if (res.statusCode >= 400) {
    let parsed:
      | { error?: { code?: unknown; message?: unknown } | string; resourceType?: unknown }
      | undefined;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      if (!(res.headers['content-type'] ?? '').toString().startsWith('text/html')) problems.push('not JSON');
    }
    const ok =
      !parsed ||
      parsed.resourceType === 'OperationOutcome' ||
      typeof parsed.error === 'string' ||
      (typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string');
    if (!ok) problems.push('not in the error format');
  }
  if (/\n\s+at .+:\d+:\d+/.test(res.body)) problems.push('stack trace');
  return problems;
}

describe('bad input families on every route', () => {
  let t: TestApp;
  let fhirToken: string;
  let deviceCredential: string;
  const nextAddress = distinctAddresses();

  beforeAll(async () => {
    t = await createTestApp();
    const patient = await seedPatient(t, { days: 3 });
    fhirToken = patient.token;
    deviceCredential = (await pairUnit(patient.user.client, await makeUnit(t))).credential;
  });
  afterAll(() => t?.close());

  it('finds the routes with cursors and dates, so the families reach them', () => {
    const routes = routesWithSchemas(t.app);
    const withCursor = routes.filter((r) => r.query.some((p) => isCursorParam(p.name))).map((r) => r.path);
    expect(withCursor).toEqual(
      expect.arrayContaining([
        '/api/health-data/readings',
        '/api/health-data/sessions',
        '/api/health-data/changes',
        '/api/me/access-log',
        '/api/developer/apps/:clientId/deliveries',
        '/fhir/R4/Observation',
      ]),
    );
    const withDate = routes.filter((r) =>
      r.query.some((p) => isDateSchema(p.schema) || DATE_NAMES.has(p.name)),
    );
    expect(withDate.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/health-data/changes', '/api/health-data/aggregates', '/fhir/R4/$export']),
    );
  });

  it('answers each with a 4xx in the error format, never a 500', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const route of routesWithSchemas(t.app)) {
      const attempts = attemptsFor(route);
      if (!attempts.length) continue;
      // A fresh user per route: a route that signs out or deletes must not hide the next ones.
      const { client } = await createTestUser(t);
      for (const attempt of attempts) {
        const extra = {
          remoteAddress: nextAddress(),
          headers: { 'idempotency-key': syncKey(), prefer: 'respond-async' },
        };
        const bearer =
          route.path.startsWith('/fhir/') || route.path.startsWith('/wbsapi')
            ? fhirToken
            : route.path.startsWith('/api/device/')
              ? deviceCredential
              : undefined;
        const res = bearer
          ? await client.bearer(bearer).request(route.method as 'GET', attempt.url, attempt.payload, extra)
          : await client.request(route.method as 'GET', attempt.url, attempt.payload, extra);
        requests += 1;
        const problems = problemsWith(res, attempt);
        if (problems.length)
          failures.push(
            `${route.method} ${route.path} [${attempt.family}] → ${res.statusCode} ${problems.join(', ')}: ${res.body.slice(0, 140)}`,
          );
      }
    }
    expect(requests).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 900_000);

  it('refuses a forged cursor with invalid_cursor on every keyset list', async () => {
    const { client } = await createTestUser(t);
    for (const url of [
      '/api/health-data/readings?metric=weight&from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&cursor=',
      '/api/health-data/sessions?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&cursor=',
      '/api/health-data/changes?since=2024-01-01T00:00:00Z&cursor=',
      '/api/me/access-log?before=',
    ]) {
      for (const c of FORGED_CURSORS.slice(0, 6)) {
        const res = await client.get(`${url}${c}`);
        expect(res.statusCode, `${url}${c}: ${res.body}`).toBe(400);
        expect(res.json().error.code).toBe('invalid_cursor');
      }
    }
    const fhir = await client.bearer(fhirToken).get(`/fhir/R4/Observation?_cursor=${FORGED_CURSORS[9]}`);
    expect(fhir.statusCode, fhir.body).toBe(400);
    expect(fhir.json().resourceType).toBe('OperationOutcome');
  });

  it('refuses dates outside 1900–2200 with a 400, and accepts them inside', async () => {
    const { client } = await createTestUser(t);
    for (const url of [
      '/api/health-data/changes?since=0000-01-01T00:00:00Z',
      '/api/health-data/readings?metric=weight&from=1899-12-31T00:00:00Z&to=2024-01-01T00:00:00Z',
      '/api/health-data/sessions?from=2024-01-01T00:00:00Z&to=2201-01-01T00:00:00Z',
      '/api/health-data/aggregates?metric=weight&period=day&from=0000-01-01&to=0000-01-03',
    ]) {
      const res = await client.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('invalid_input');
    }
    const fine = await client.get(
      '/api/health-data/readings?metric=weight&from=1900-01-01T00:00:00Z&to=2200-12-31T00:00:00Z',
    );
    expect(fine.statusCode, fine.body).toBe(200);
    const fhir = client.bearer(fhirToken);
    expect((await fhir.get('/fhir/R4/Observation?date=lt0000-01-01')).statusCode).toBe(400);
    expect((await fhir.get('/fhir/R4/Observation?date=ge1900-01-01')).statusCode).toBe(200);
    const kickOff = await fhir.get('/fhir/R4/$export?_since=0000-01-01T00:00:00Z', {
      headers: { prefer: 'respond-async' },
    });
    expect(kickOff.statusCode, kickOff.body).toBe(400);
  });
});
