import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { registeredRoutes } from './registered-routes';
import { accessOf, documentedOperations } from './role-route-matrix.test-support';

/** Routes deliberately left out of the API document: plumbing, not API. */
const UNDOCUMENTED = new Set(['GET /healthz', 'GET /api/csrf', 'OPTIONS /fhir/R4/*']);

/**
 * Lint findings of Redocly's `recommended` rules that are the API's nature, each with its reason.
 * Anything else fails. (Rule `info-license` is off: the project has not chosen a licence to state.)
 */
const ACCEPTED_LINT: Array<{ rule: string; pointer: RegExp; why: string }> = [
  {
    rule: 'operation-4xx-response',
    pointer: /^#\/paths\/~1wbsapi~1/,
    why: 'the Withings-style API answers every error in an HTTP 200 with a status code, as the original',
  },
  {
    rule: 'operation-2xx-response',
    pointer: /^#\/paths\/~1oauth2_user~1authorize2\/get\//,
    why: 'a redirect to the authorization endpoint',
  },
];

type Doc = { paths: Record<string, Record<string, { summary?: string; security?: object[] }>> };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  // A public URL as in production: the document's server is that URL.
  t = await createTestApp({ config: { publicUrl: 'https://vitalbase.test' } });
  doc = t.app.swagger() as Doc;
});
afterAll(() => t?.close());

describe('the OpenAPI document (/docs)', () => {
  it('documents every route the server answers, with a summary', () => {
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

  it('is served at /docs/json and is a valid OpenAPI document (swagger-parser)', async () => {
    const res = await t.client().request('GET', '/docs/json');
    expect(res.statusCode).toBe(200);
    const served = res.json();
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
    // validate() dereferences in place: it gets a copy.
    await expect(SwaggerParser.validate(structuredClone(served))).resolves.toBeTruthy();
  });

  it("lints clean under Redocly's recommended rules (offline, no telemetry: the library, not the CLI)", async () => {
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off' } });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    const found = problems.map((p) => ({
      rule: p.ruleId,
      at: p.location[0]?.pointer ?? '',
      message: p.message,
    }));
    const unexpected = found.filter(
      (p) => !ACCEPTED_LINT.some((a) => a.rule === p.rule && a.pointer.test(p.at)),
    );
    expect(unexpected).toEqual([]);
  });

  it('declares who may call each operation as the role × route matrix tests it (public ⇔ no credential)', () => {
    const opens = (security: object[] | undefined) =>
      !security || security.length === 0 || security.some((s) => !Object.keys(s).length);
    const mismatched = documentedOperations(t.app)
      .filter((op) => {
        const security = doc.paths[op.path.replace(/:(\w+)/g, '{$1}')]?.[op.method.toLowerCase()]?.security;
        // The matrix counts oidc-provider's endpoints public as a block; userinfo asks for the token.
        const isPublic = accessOf(op).kind === 'public' && !op.path.startsWith('/oauth/me');
        return isPublic !== opens(security);
      })
      .map((op) => op.key);
    expect(mismatched).toEqual([]);
  });

  it('generates a TypeScript client (openapi-typescript) that type-checks (tsc)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-openapi-'));
    try {
      writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(structuredClone(doc) as never)));
      // A client's first lines: a typed answer of one path, and an operation by its operationId.
      writeFileSync(
        path.join(dir, 'client.ts'),
        [
          "import type { operations, paths } from './api';",
          "type Me = paths['/api/me']['get']['responses']['200']['content']['application/json'];",
          "type Readings = operations['getApiHealthDataReadings']['responses']['200'];",
          'export type Used = [Me, Readings];',
        ].join('\n'),
      );
      const program = ts.createProgram([path.join(dir, 'client.ts')], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts'],
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
