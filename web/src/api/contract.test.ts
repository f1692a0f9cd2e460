import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The API contract is written once (docs/architecture.md, "The web: features and their queries"):
 * components reach the server through their feature's queries module, never the HTTP client itself,
 * and the answers' types come from core's schemas, not from interfaces re-declared in the web.
 */
const webSrc = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const coreSrc = resolve(webSrc, '../../core/src');
const clientModule = join(webSrc, 'api/client');

/**
 * Components that still call the HTTP client, each to move into its feature's queries module
 * (issue #12 part 4). The list only shrinks: an entry that no longer calls the client fails the test.
 */
const notMigratedYet = new Set<string>([]);

/** Web types that share a name with a core type but are not an answer of the API, with the reason. */
const sameNameOnPurpose = new Map<string, string>([]);

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name) && !/\.test(-support)?\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** The names a file imports from the HTTP client module (web/src/api/client.ts), by path. */
function clientImports(source: string, dir: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const [, list = '', from = ''] = m;
    if (!from.startsWith('.') || resolve(dir, from) !== clientModule) continue;
    names.push(
      ...list.split(',').map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] ?? '',
      ),
    );
  }
  return names.filter(Boolean);
}

describe('the web reaches the API through queries modules', () => {
  const components = filesUnder(webSrc, /\.tsx$/).map((f) => relative(webSrc, f));
  const callers = components.filter((f) =>
    clientImports(readFileSync(join(webSrc, f), 'utf8'), dirname(join(webSrc, f))).includes('api'),
  );

  it('no component calls the HTTP client itself', () => {
    expect(callers.filter((f) => !notMigratedYet.has(f))).toEqual([]);
  });

  it('the list of components still to migrate holds only components that still call it', () => {
    expect([...notMigratedYet].filter((f) => !callers.includes(f))).toEqual([]);
  });

  it('sees a component that imports the client (the check itself works)', () => {
    const dir = join(webSrc, 'features/signin');
    expect(clientImports("import { ApiError, api } from '../../api/client';", dir)).toEqual([
      'ApiError',
      'api',
    ]);
    expect(clientImports("import { api as call } from '../../api/client';", dir)).toEqual(['api']);
    expect(clientImports("import { api } from './client';", dir)).toEqual([]);
  });
});

describe("the web does not re-declare core's types", () => {
  const declared = (files: string[], pattern: RegExp) =>
    new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(pattern)].map((m) => m[1] ?? '')));
  const coreTypes = declared(filesUnder(coreSrc, /\.ts$/), /^export\s+(?:interface|type)\s+(\w+)/gm);
  const webTypes = declared(filesUnder(webSrc, /\.tsx?$/), /^(?:export\s+)?(?:interface|type)\s+(\w+)/gm);

  it('no interface or type in web/src has the name of one in core: import it instead', () => {
    const clashes = [...webTypes].filter((name) => coreTypes.has(name) && !sameNameOnPurpose.has(name));
    expect(clashes).toEqual([]);
  });

  it('sees the answer types core declares', () => {
    expect([...coreTypes]).toEqual(expect.arrayContaining(['Me', 'SessionInfo', 'Passkey', 'Goal']));
  });
});
