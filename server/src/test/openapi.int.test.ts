import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { registeredRoutes } from './registered-routes';

/** Routes deliberately left out of the API document: plumbing, not API. */
const UNDOCUMENTED = new Set(['GET /healthz', 'GET /api/csrf', 'OPTIONS /fhir/R4/*']);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the OpenAPI document (/docs)', () => {
  it('documents every route the server answers, with a summary', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { summary?: string }>> };
    const documented = new Map<string, string | undefined>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        documented.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op.summary);
      }
    }
    const routes = registeredRoutes(t.app)
      .map((r) => `${r.method} ${r.path}`)
      // The web app's pages (served by the static handler) and the explorer itself are not API.
      .filter((r) => !UNDOCUMENTED.has(r) && !/^GET \/(docs|\*)/.test(r) && r !== 'GET /');
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect(routes.filter((r) => !documented.get(r))).toEqual([]);
  });
});
