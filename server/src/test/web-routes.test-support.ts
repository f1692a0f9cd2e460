import { readFileSync } from 'node:fs';
import path from 'node:path';

const routesFile = path.resolve(import.meta.dirname, '../../../web/src/app/routes.tsx');

/** The web app's pages, as the router declares them (web/src/app/routes.tsx), the catch-all left out. */
export function webRoutePatterns(): Array<{ path: string; pattern: RegExp }> {
  const source = readFileSync(routesFile, 'utf8');
  return [...source.matchAll(/\bpath:\s*'([^']+)'/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => p.startsWith('/'))
    .map((p) => ({
      path: p,
      pattern: new RegExp(`^${p.replace(/:[^/]+/g, '[^/]+').replace(/\//g, '\\/')}\\/?$`),
    }));
}

/** Whether a URL under `publicUrl` opens a page of the web app (its path, without query or fragment). */
export function isWebPage(url: string, publicUrl: string, routes = webRoutePatterns()): boolean {
  if (!url.startsWith(publicUrl)) return false;
  const { pathname } = new URL(url);
  return routes.some((r) => r.pattern.test(pathname));
}

/** Every http(s) URL in a mail's text. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)>"']+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
}
