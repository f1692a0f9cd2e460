import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../features/accounts';
import { createSessionsRepo } from '../features/accounts';
import { hashToken, randomToken } from '../lib/tokens';
import { ApiClient, createTestApp, createTestUser, type TestApp, type TestUser } from './harness';
import { plausible, typeOf } from './plausible-input.test-support';
import { distinctAddresses, type RouteWithSchemas, routesWithSchemas } from './route-schemas.test-support';

/**
 * The bad-input sweep: every route the app registers gets malformed JSON, wrong types, missing fields,
 * a 2 MB body, control characters, long unicode, odd path and query values and forged credentials, as
 * an anonymous browser and as a signed-in one. Every answer must be a 2xx/3xx (the input was fine) or
 * a 4xx in the error format that echoes none of the input, never a 500 and never a stack trace.
 */

type Route = RouteWithSchemas;

/** Marks a value we sent, so an answer that echoes it back is caught. */
const MARKER = 'ZQ𝔙ïtål';
const CONTROL = `${MARKER}\u0000\u0001\u0007\u001b[31m\u007f\u0085\u2028\u202e\r\n\t`;
const LONG_UNICODE = `${MARKER}${'🧑🏽‍⚕️é̃̀ 漢字 עברית ﷽ '.repeat(700)}`;
const HUGE_BODY = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });

const WRONG_TYPE: Record<string, unknown> = {
  string: 12345,
  integer: 'not a number',
  number: 'not a number',
  boolean: 'not a boolean',
  array: { not: 'an array' },
  object: ['not', 'an', 'object'],
  enum: 'not-one-of-them',
};

/** Every string in a plausible value replaced by `text`. */
function withStrings(value: unknown, text: string): unknown {
  if (typeof value === 'string') return text;
  if (Array.isArray(value)) return value.map((v) => withStrings(v, text));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withStrings(v, text)]));
  }
  return value;
}

interface Attempt {
  label: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Sent with no session or CSRF handling: forged credentials. */
  raw?: boolean;
  echoes?: boolean;
}

function fillPath(path: string, value: string) {
  return path.replace(/:\w+/g, value).replace(/\*$/, 'anything');
}

function attemptsFor(route: Route): Attempt[] {
  const url = fillPath(route.path, '00000000-0000-4000-8000-000000000000');
  const attempts: Attempt[] = [];
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body = route.body ? plausible(route.body) : {};

  if (hasBody || route.body) {
    const json = { 'content-type': 'application/json' };
    attempts.push(
      { label: 'plausible body', url, payload: body },
      { label: 'malformed JSON', url, payload: '{"email": "a@b.c", ', headers: json },
      { label: 'empty JSON body', url, payload: '', headers: json },
      { label: 'missing fields', url, payload: {} },
      { label: 'array body', url, payload: [] },
      { label: 'string body', url, payload: '"text"', headers: json },
      { label: 'null body', url, payload: 'null', headers: json },
      {
        label: 'unsupported content type',
        url,
        payload: '<a/>',
        headers: { 'content-type': 'application/xml' },
      },
      { label: '2 MB body', url, payload: HUGE_BODY, headers: json },
      { label: 'control characters', url, payload: withStrings(body, CONTROL), echoes: true },
      { label: 'long unicode', url, payload: withStrings(body, LONG_UNICODE), echoes: true },
    );
    for (const [name, schema] of Object.entries(route.body?.properties ?? {})) {
      const others = body as Record<string, unknown>;
      attempts.push(
        { label: `${name}: wrong type`, url, payload: { ...others, [name]: WRONG_TYPE[typeOf(schema)] } },
        { label: `${name}: null`, url, payload: { ...others, [name]: null } },
      );
    }
  } else {
    attempts.push({ label: 'no input', url });
  }

  if (route.path.includes(':')) {
    const payload = hasBody ? body : undefined;
    for (const [label, value] of [
      ['path: not an id', 'not-an-id'],
      ['path: control characters', encodeURIComponent(CONTROL)],
      ['path: long unicode', encodeURIComponent(LONG_UNICODE.slice(0, 300))],
      ['path: traversal', '..%2F..%2Fetc%2Fpasswd'],
    ] as const) {
      attempts.push({
        label,
        url: fillPath(route.path, value),
        payload,
        echoes: label !== 'path: not an id',
      });
    }
  }

  if (route.method === 'GET') {
    const q = (entries: Array<[string, string]>) => `${url}?${new URLSearchParams(entries)}`;
    const names = route.query.length ? route.query.map((p) => p.name) : ['unexpected'];
    attempts.push(
      { label: 'query: control characters', url: q(names.map((n) => [n, CONTROL])), echoes: true },
      { label: 'query: long unicode', url: q(names.map((n) => [n, LONG_UNICODE])), echoes: true },
      { label: 'query: repeated', url: q(names.flatMap((n) => [[n, '1'] as [string, string], [n, '2']])) },
    );
    for (const name of names) {
      for (const value of ['-1', 'abc', '', '1e400', '2024-13-45T99:99']) {
        attempts.push({ label: `query ${name}=${value}`, url: q([[name, value]]) });
      }
    }
  }
  return attempts;
}

const forgedCredentials: Array<[string, Record<string, string>]> = [
  ['garbage session cookie', { cookie: `${SESSION_COOKIE}=garbage` }],
  ['unknown session', { cookie: `${SESSION_COOKIE}=${randomUUID()}.${randomToken()}` }],
  ['garbage bearer token', { authorization: 'Bearer not-a-token' }],
  ['device-style bearer token', { authorization: `Bearer vbd_${randomUUID()}.${randomUUID()}.secret` }],
  ['basic auth', { authorization: 'Basic dXNlcjpwYXNz' }],
  ['empty bearer', { authorization: 'Bearer ' }],
];

/** What is wrong with one answer; empty when it is acceptable. */
export function problemsWith(
  res: Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'headers'>,
  echoes: boolean,
  path = '',
) {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push('server error');
  else if (res.statusCode < 200) problems.push('unexpected status');
  if (/\n\s+at .+:\d+:\d+|node_modules\/|\.ts:\d+:\d+/.test(res.body))
    problems.push('stack trace in the body');
  if (res.statusCode >= 400) {
    let parsed: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      problems.push('error body is not JSON');
    }
    // FHIR routes (/fhir/R4) answer errors the FHIR way: an OperationOutcome with a diagnostics text.
    const outcome = parsed as
      | { resourceType?: unknown; issue?: Array<{ diagnostics?: unknown }> }
      | undefined;
    const isOutcome =
      String(res.headers['content-type'] ?? '').startsWith('application/fhir+json') &&
      outcome?.resourceType === 'OperationOutcome' &&
      typeof outcome.issue?.[0]?.diagnostics === 'string';
    // The OAuth endpoints (oidc-provider under /oauth) answer errors as RFC 6749 says: JSON
    // { error, error_description } to clients, and an HTML page to a browser at the authorization
    // endpoint (an error there must not redirect to an unverified redirect_uri).
    const isOAuth = path.startsWith('/oauth/');
    const oauthError = parsed as { error?: unknown } | undefined;
    const isOAuthError = isOAuth && typeof oauthError?.error === 'string';
    const isOAuthPage =
      isOAuth && res.statusCode < 500 && String(res.headers['content-type'] ?? '').startsWith('text/html');
    const notJson = problems.indexOf('error body is not JSON');
    if (isOAuthPage && notJson >= 0) problems.splice(notJson, 1);
    if (
      parsed &&
      !isOutcome &&
      !isOAuthError &&
      (typeof parsed.error?.code !== 'string' || typeof parsed.error?.message !== 'string')
    ) {
      problems.push('error body lacks { error: { code, message } }');
    }
    if (echoes && res.body.includes(MARKER)) problems.push('error echoes the input');
  }
  return problems;
}

describe('bad input on every route', () => {
  let t: TestApp;
  let routes: Route[];
  let signedIn: TestUser;
  const nextAddress = distinctAddresses();

  beforeAll(async () => {
    t = await createTestApp();
    routes = routesWithSchemas(t.app);
    signedIn = await createTestUser(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh session for the signed-in user (a sweep of sign-out routes ends the previous one). */
  async function freshSession(): Promise<ApiClient> {
    const secret = randomToken();
    await createSessionsRepo(t.database.db).insert({
      userId: signedIn.user.id,
      id: hashToken(secret),
      userAgent: 'test',
      ip: '127.0.0.1',
      expiresAt: new Date(t.clock.now().getTime() + SESSION_IDLE_MS),
    });
    const client = new ApiClient(t.app);
    client.setCookie(SESSION_COOKIE, `${signedIn.user.id}.${secret}`);
    return client;
  }

  async function sweep(clientFor: () => Promise<ApiClient>, withForgedCredentials: boolean) {
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const client = await clientFor();
      const attempts = attemptsFor(route);
      if (withForgedCredentials) {
        const url = fillPath(route.path, randomUUID());
        for (const [label, headers] of forgedCredentials) attempts.push({ label, url, headers, raw: true });
      }
      for (const attempt of attempts) {
        const extra: Partial<InjectOptions> = {
          remoteAddress: nextAddress(),
          headers: attempt.headers ?? {},
        };
        const res = attempt.raw
          ? await t.app.inject({ method: route.method as 'GET', url: attempt.url, ...extra })
          : await client.request(route.method as 'GET', attempt.url, attempt.payload, extra);
        requests += 1;
        const problems = problemsWith(res, attempt.echoes ?? false, route.path);
        if (problems.length) {
          failures.push(
            `${route.method} ${route.path} [${attempt.label}] → ${res.statusCode} ${problems.join(', ')}: ${res.body.slice(0, 160)}`,
          );
        }
      }
    }
    return { failures, requests };
  }

  it('finds every registered route, hidden ones included', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining(['GET /healthz', 'GET /api/csrf', 'GET /api/me', 'POST /api/auth/login']),
    );
    // Routes documented in OpenAPI carry their body schema into the sweep.
    const login = routes.find((r) => r.method === 'POST' && r.path === '/api/auth/login');
    expect(Object.keys(login?.body?.properties ?? {})).toEqual(expect.arrayContaining(['email', 'password']));
  });

  // Thousands of requests over ~250 routes: minutes on a loaded machine, not a timing target.
  const SWEEP_TIMEOUT_MS = 600_000;

  it(
    'answers an anonymous client with 2xx–4xx in the error format, never a 500',
    async () => {
      const { failures, requests } = await sweep(async () => new ApiClient(t.app), true);
      expect(requests).toBeGreaterThan(routes.length * 3);
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers a signed-in client with 2xx–4xx in the error format, never a 500',
    async () => {
      const { failures, requests } = await sweep(freshSession, false);
      expect(requests).toBeGreaterThan(routes.length * 3);
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('the checker flags a 500, a stack trace, a bare error and an echo', () => {
    const json = { 'content-type': 'application/json' };
    const error = (message: string) => JSON.stringify({ error: { code: 'invalid_input', message } });
    expect(problemsWith({ statusCode: 500, body: error('x'), headers: json }, false)).toEqual([
      'server error',
    ]);
    expect(
      problemsWith(
        { statusCode: 400, body: error('Error\n    at parse (/srv/app.ts:10:5)'), headers: json },
        false,
      ),
    ).toEqual(['stack trace in the body']);
    expect(problemsWith({ statusCode: 404, body: 'Not Found', headers: {} }, false)).toEqual([
      'error body is not JSON',
    ]);
    expect(problemsWith({ statusCode: 400, body: '{"message":"bad"}', headers: json }, false)).toEqual([
      'error body lacks { error: { code, message } }',
    ]);
    expect(problemsWith({ statusCode: 400, body: error(`bad ${MARKER}`), headers: json }, true)).toEqual([
      'error echoes the input',
    ]);
    expect(problemsWith({ statusCode: 200, body: `{"name":"${MARKER}"}`, headers: json }, true)).toEqual([]);
    // OAuth endpoints: RFC 6749 errors pass there, and only there; a 500 never does.
    const oauth = JSON.stringify({ error: 'invalid_request', error_description: 'missing code' });
    expect(problemsWith({ statusCode: 400, body: oauth, headers: json }, false, '/oauth/token')).toEqual([]);
    expect(problemsWith({ statusCode: 400, body: oauth, headers: json }, false, '/api/me')).toEqual([
      'error body lacks { error: { code, message } }',
    ]);
    const html = { 'content-type': 'text/html; charset=utf-8' };
    expect(
      problemsWith({ statusCode: 400, body: '<p>oops</p>', headers: html }, false, '/oauth/auth'),
    ).toEqual([]);
    expect(
      problemsWith({ statusCode: 500, body: '<p>oops</p>', headers: html }, false, '/oauth/auth'),
    ).toEqual(['server error', 'error body is not JSON']);
  });
});
