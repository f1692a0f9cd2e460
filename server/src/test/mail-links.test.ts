import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webRoutePatterns } from './web-routes.test-support';

/**
 * Every link a mail carries opens a page of the web app. The account mails are rendered and checked
 * one by one (features/accounts/mail-templates.test.ts); this test reads every file of the server and
 * checks each address it builds on PUBLIC_URL that is not the API's (mails, alerts, the export's
 * summary), whatever the template, so a mail added tomorrow is covered without a new test.
 */
const features = path.resolve(import.meta.dirname, '../features');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Addresses of the API (FHIR, OAuth, the partner API): links for programs, not for people. */
const API = /^\/(api|fhir|oauth|wbsapi|\.well-known)(\/|$)/;

/**
 * `${…publicUrl…}/page/${x}?q#f` in source → '/page/x': the path a built link opens. A page named by a
 * variable (`/${page}`) reads as '/x' and matches no route: write each page's path out, so it is checked.
 */
function linkedPaths(text: string): string[] {
  return linkedSources(text).map(pathOf);
}

function linkedSources(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{[^}]*publicUrl[^}]*\}((?:\/|\$\{)(?:[^`'"\s\\$]|\$\{[^}]*\})*)/g)) {
    const raw = m[1] ?? '';
    if (raw.startsWith('/')) out.push(raw); // else a path from a constant (`${publicUrl}${PAGE}`): rendered elsewhere
  }
  return out;
}

const pathOf = (source: string) => source.replace(/\$\{[^}]*\}/g, 'x').replace(/[?#].*$/, '');

describe('links built on PUBLIC_URL for people', () => {
  const routes = webRoutePatterns();
  const links = sourceFiles(features).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return linkedSources(text)
      .filter((source) => !API.test(pathOf(source)))
      .map((source) => ({ file: path.relative(features, file), source, path: pathOf(source) }));
  });

  it('finds the links of the mails (the scan itself works)', () => {
    expect(links.map((l) => l.path)).toEqual(
      expect.arrayContaining(['/forgot-password', '/privacy/exports', '/cancel-erasure', '/policies/x/x']),
    );
    expect(linkedPaths('`${ctx.config.publicUrl}/account/security`')).toEqual(['/account/security']);
    expect(linkedPaths('`${deps.publicUrl}/devices\\n`')).toEqual(['/devices']);
  });

  it('each opens a page of the web app (web/src/app/routes.tsx)', () => {
    const broken = links.filter((l) => !routes.some((r) => r.pattern.test(l.path)));
    expect(broken).toEqual([]);
  });
});
