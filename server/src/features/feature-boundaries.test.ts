import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The boundary rule (docs/architecture.md, "Features and their faces"), read from the imports:
 * - another feature is imported through its face only: `features/<name>/index.ts`;
 * - tests (*.test.ts) and test support (*.test-support.ts, test/) may also import another feature's
 *   *.test-support.ts files, and nothing else of it;
 * - db/ may import a feature's *.schema.ts (db/schema.ts is the one schema source drizzle reads);
 * - production code never imports test support;
 * - the graph of features (from production files) has no cycle.
 */

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const featuresDir = path.join(src, 'features');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const isTest = (file: string) => file.endsWith('.test.ts');
const isTestSupport = (file: string) =>
  file.endsWith('.test-support.ts') || path.relative(src, file).startsWith(`test${path.sep}`);

/** The feature a file belongs to, and its path inside the feature. */
function featureOf(file: string): { name: string; inner: string } | undefined {
  const parts = path.relative(featuresDir, file).split(path.sep);
  if (parts[0] === '..' || parts.length < 2) return undefined;
  return { name: parts[0] as string, inner: parts.slice(1).join('/') };
}

/** Relative module specifiers of every import and `export … from`, dynamic imports included. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((name) => name.startsWith('.'));
}

function resolve(from: string, spec: string): string {
  const target = path.resolve(path.dirname(from), spec);
  if (existsSync(`${target}.ts`)) return `${target}.ts`;
  if (existsSync(path.join(target, 'index.ts'))) return path.join(target, 'index.ts');
  return target;
}

interface Import {
  from: string;
  to: string;
}

const files = tsFiles(src);
const imports: Import[] = files.flatMap((from) =>
  importsOf(from).map((spec) => ({ from, to: resolve(from, spec) })),
);
const rel = (file: string) => path.relative(src, file);

/** Why an import crosses a feature's boundary other than by its face, or undefined when it does not. */
function breach({ from, to }: Import): string | undefined {
  const target = featureOf(to);
  const source = featureOf(from);
  if (!target || target.name === source?.name) return undefined;
  if (target.inner === 'index.ts') return undefined;
  const fromTests = isTest(from) || isTestSupport(from);
  if (fromTests && isTestSupport(to)) return undefined;
  if (rel(from).startsWith(`db${path.sep}`) && target.inner.endsWith('.schema.ts')) return undefined;
  return `imports ${target.name}'s ${target.inner}: use features/${target.name}/index.ts`;
}

/** A cycle in the graph of features, as a path (a → b → a), or undefined. */
function findCycle(edges: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

describe('feature boundaries', () => {
  it('reads the tree (a guard against a check that silently checks nothing)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(
      imports.filter((i) => featureOf(i.to) && featureOf(i.from)?.name !== featureOf(i.to)?.name).length,
    ).toBeGreaterThan(50);
  });

  it('imports another feature only through its index.ts', () => {
    const breaches = imports.flatMap((i) => {
      const why = breach(i);
      return why ? [`${rel(i.from)} ${why}`] : [];
    });
    expect(breaches).toEqual([]);
  });

  it('keeps test support out of production code', () => {
    const leaks = imports
      .filter((i) => !isTest(i.from) && !isTestSupport(i.from) && isTestSupport(i.to))
      .map((i) => `${rel(i.from)} imports ${rel(i.to)}`);
    expect(leaks).toEqual([]);
  });

  it('has no cycle between features', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      if (isTest(from) || isTestSupport(from)) continue;
      const a = featureOf(from)?.name;
      const b = featureOf(to)?.name;
      if (!a || !b || a === b) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycle = findCycle(edges);
    expect(cycle?.join(' → ')).toBeUndefined();
  });

  it('finds a cycle and a breach when there is one (the check itself)', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(edges)).toEqual(['a', 'b', 'c', 'a']);
    const from = path.join(featuresDir, 'goals', 'goals.service.ts');
    expect(breach({ from, to: path.join(featuresDir, 'accounts', 'users.repo.ts') })).toMatch(/accounts/);
    expect(breach({ from, to: path.join(featuresDir, 'accounts', 'index.ts') })).toBeUndefined();
  });
});
