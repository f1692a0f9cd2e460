import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocaleFile } from './types';

const files = import.meta.glob<{ default: LocaleFile }>('./locales/*.ts', { eager: true });
const locales = Object.entries(files).map(([file, mod]) => ({
  code: path.basename(file, '.ts'),
  ...mod.default,
}));
const en = locales.find((l) => l.code === 'en')!;

/** key path → string, for every leaf of a messages tree. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v as object, key)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('languages', () => {
  it('has English and French, each with its own name', () => {
    expect(locales.map((l) => l.code).sort()).toEqual(expect.arrayContaining(['en', 'fr']));
    expect(locales.find((l) => l.code === 'fr')?.name).toBe('Français');
  });

  const reference = leaves(en.messages);
  for (const locale of locales.filter((l) => l.code !== 'en')) {
    it(`${locale.code} translates every English string, with the same placeholders`, () => {
      const strings = leaves(locale.messages);
      expect([...strings.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, text] of strings) {
        expect(text.trim(), `${locale.code}: ${key} is empty`).not.toBe('');
        expect(placeholders(text), `${locale.code}: placeholders of ${key}`).toEqual(
          placeholders(reference.get(key) ?? ''),
        );
      }
    });
  }

  it('has an English string for every key the pages use', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const missing: string[] = [];
    let used = 0;
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) {
        const key = m[1]!;
        used += 1;
        const exists = reference.has(key) || reference.has(`${key}_other`) || reference.has(`${key}_one`);
        if (!exists) missing.push(`${path.relative(root, file)}: ${key}`);
      }
    }
    expect(used, 'keys found in the sources').toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
