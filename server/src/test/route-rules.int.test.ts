import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../features/accounts';
import { createTestApp, createTestUser, type TestApp, type TestUser } from './harness';
import { registeredRoutes } from './registered-routes';

/**
 * Security rules are decided on the router's matched route, never on the raw URL (lib/route-rules.ts):
 * every spelling of a path that the router routes gets the same rules as the plain one, and every
 * spelling it does not route is a 404 that changes nothing.
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that declare `sessionCookie: false`: never authenticated by the browser cookie, so no CSRF. */
const NO_SESSION_COOKIE: Array<[RegExp, string]> = [
  [/^\/api\/device\//, 'devices: their own credential'],
  [/^\/api\/factory\//, 'the production line: the factory key'],
  [/^\/oauth\//, "oidc-provider: clients' credentials and its own cookies"],
  [/^\/wbsapi\//, "Withings-style API: partners' tokens"],
  [/^\/fhir\//, "FHIR: partners' bearer tokens"],
];
const exempt = (path: string) => NO_SESSION_COOKIE.some(([pattern]) => pattern.test(path));

/** Answers that are the same for everyone: declared `publicCache`, so not `no-store`. */
const PUBLIC_CACHE = [
  /^\/$/, // the built web app's files (its index at /, when web/dist exists)
  /^\/docs(\/|$)/,
  /^\/fhir\/R4\/metadata$/,
  /^\/fhir\/R4\/\.well-known\/smart-configuration$/,
  /^\/oauth\/jwks$/,
  /^\/api\/policies\/:document$/, // the privacy policy or terms in force, read before signing up
  /^\/\.well-known\//,
];

/** A concrete path for a route pattern (the one wildcard route serves the API explorer's files). */
const fill = (path: string) => path.replace(/:\w+/g, 'x1').replace(/\*$/, 'static/swagger-ui.css');
const encodeLetter = (c: string) => (/[a-z]/i.test(c) ? `%${c.charCodeAt(0).toString(16)}` : c);

/** The ways one path can be spelled in a request line. */
function spellings(path: string): Record<string, string> {
  return {
    plain: path,
    'first letter percent-encoded': path.replace(/^\/(.)/, (_m, c: string) => `/${encodeLetter(c)}`),
    'every letter percent-encoded': [...path].map(encodeLetter).join(''),
    'double slash inside': path.replace(/^(\/[^/]+)\//, '$1//'),
    'leading double slash': `/${path}`,
    'trailing slash': `${path}/`,
    'upper case': path.toUpperCase(),
  };
}

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  user = await createTestUser(t);
});
afterAll(() => t?.close());

/** A write with the signed-in browser's cookies and no CSRF token: what a forging site can send. */
function forgedWrite(method: string, url: string): Promise<LightMyRequestResponse> {
  const cookie = `vb_session=${user.client.getCookie('vb_session')}`;
  return t.app.inject({
    method: method as 'POST',
    url,
    headers: method === 'DELETE' ? { cookie } : { cookie, 'content-type': 'application/json' },
    ...(method === 'DELETE' ? {} : { payload: '{}' }),
  });
}

const routed = (method: string, url: string) =>
  Boolean(t.app.findRoute({ method: method as 'POST', url: url.split('?')[0] ?? url }));

describe('CSRF on every state-changing route, however its path is spelled', () => {
  it('refuses a cookie write without the token on every spelling the router routes; 404 on the others', async () => {
    const writes = registeredRoutes(t.app).filter((r) => UNSAFE.has(r.method) && !exempt(r.path));
    expect(writes.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const { method, path } of writes) {
      for (const [how, url] of Object.entries(spellings(fill(path)))) {
        const res = await forgedWrite(method, url);
        const isRouted = routed(method, url);
        const [status, code] = isRouted ? [403, 'csrf_invalid'] : [404, 'not_found'];
        if (res.statusCode !== status || res.json().error?.code !== code) {
          failures.push(`${method} ${path} (${how}: ${url}) → ${res.statusCode} ${res.body.slice(0, 80)}`);
        }
        // The percent-encoded spellings reach the route: the rule must hold there too.
        if (how.includes('percent') && !isRouted) failures.push(`${method} ${url} is not routed`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('exempts exactly the routes that never read the session cookie, and they ignore it', async () => {
    const writes = registeredRoutes(t.app).filter((r) => UNSAFE.has(r.method));
    for (const { method, path } of writes) {
      const res = await forgedWrite(method, fill(path));
      const refused = res.statusCode === 403 && res.json().error?.code === 'csrf_invalid';
      expect(refused, `${method} ${path} → ${res.statusCode}`).toBe(!exempt(path));
    }
    // The cookie of a signed-in user opens nothing on a machine route, however the path is spelled.
    const device = await forgedWrite('POST', '/%61pi/device/diagnostics');
    expect(device.statusCode, device.body).toBe(401);
    expect(device.json().error.code).toBe('device_unauthorized');
  });

  it('accepts the same percent-encoded write once the token is sent', async () => {
    const res = await user.client.patch('/%61pi/me', { displayName: 'Encoded Path' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().displayName).toBe('Encoded Path');
  });

  it('counts every spelling of a route against the same rate limit', async () => {
    const browser = t.client();
    const check = (url: string) => browser.post(url, { password: 'x' });
    for (let i = 0; i < RATE_LIMITS.passwordStrength.perAddress.max; i++) {
      expect((await check(i % 2 ? '/api/password-strength' : '/%61pi/password-strength')).statusCode).toBe(
        200,
      );
    }
    expect((await check('/%61pi/password-%73trength')).statusCode).toBe(429);
  });

  it('answers an unrouted API path with the JSON 404, however spelled, never the web app', async () => {
    for (const url of ['/api/nope', '/%61pi/nope', '/wbsapi/nope', '/oauth/nope', '/fhir/nope']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/json/);
    }
  });
});

describe('Cache-Control: no-store on every answer but the declared public ones', () => {
  const isPublic = (path: string) => PUBLIC_CACHE.some((p) => p.test(path));

  it('holds for every registered route, signed in (reads) and anonymous (writes), errors included', async () => {
    const anon = t.client();
    const failures: string[] = [];
    for (const { method, path } of registeredRoutes(t.app)) {
      const url = fill(path);
      const res =
        method === 'GET' ? await user.client.get(url) : await anon.request(method as 'POST', url, {});
      const noStore = res.headers['cache-control'] === 'no-store';
      if (noStore === isPublic(path)) {
        failures.push(`${method} ${path} → ${res.statusCode} cache-control: ${res.headers['cache-control']}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('holds for personal answers reached by an encoded path and for misses', async () => {
    const me = await user.client.get('/%61pi/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect((await user.client.get('/api/nope')).headers['cache-control']).toBe('no-store');
  });
});
