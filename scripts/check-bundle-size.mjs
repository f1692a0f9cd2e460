// The bundle budget (`npm run size`, run by CI after the build): what a visitor downloads, compressed,
// read from the built web app (web/dist and its Vite manifest). Fails when a budget is exceeded, so a
// new dependency pulled into the first load is seen in review, not by users on a phone.
//
// Sizes are gzip (level 9, as the build writes them): the encoding every browser accepts, also over
// plain HTTP where browsers do not offer brotli; brotli is smaller still.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
/** Budgets in compressed bytes. */
const BUDGETS = {
  // index.html, the entry chunk, its static imports and their CSS: every page pays it.
  firstLoad: 250 * KB,
  // The sign-up page: the first load and the chunks it opens with (the page itself, the strength
  // meter without its dictionaries, which wait for the first character typed).
  signUpPage: 300 * KB,
  // Any chunk loaded later (the password dictionaries are the largest by nature).
  lazyChunk: 900 * KB,
};
/** Source modules the sign-up page loads lazily as soon as it opens: the page (a lazy route), its meter. */
const SIGN_UP_LAZY = ['src/features/signup/SignUpPage.tsx', 'src/components/PasswordStrengthMeter.tsx'];

const root = path.resolve(import.meta.dirname, '..');
const dist = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'web/dist');
const manifestFile = path.join(dist, '.vite/manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`${manifestFile} is missing: build the web app first (npm run build).`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

/** Compressed size of a built file: its .gz beside it when the build wrote one, else computed. */
function gzSize(file) {
  const full = path.join(dist, file);
  if (existsSync(`${full}.gz`)) return readFileSync(`${full}.gz`).length;
  return gzipSync(readFileSync(full), { level: 9 }).length;
}

/** The files a chunk brings with it: itself, its static imports (recursively) and their CSS. */
function filesOf(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return new Set();
  seen.add(key);
  const files = new Set([chunk.file, ...(chunk.css ?? [])]);
  for (const dep of chunk.imports ?? []) for (const f of filesOf(dep, seen)) files.add(f);
  return files;
}

const sum = (files) => [...files].reduce((n, f) => n + gzSize(f), 0);
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const firstLoad = new Set(['index.html', ...filesOf(entryKey)]);
const signUp = new Set(firstLoad);
for (const key of SIGN_UP_LAZY) {
  if (!manifest[key]) {
    console.error(
      `${key} is not a chunk of the build: update SIGN_UP_LAZY in ${path.relative(root, import.meta.filename)}.`,
    );
    process.exit(1);
  }
  for (const f of filesOf(key)) signUp.add(f);
}

const rows = [
  ['first load (every page)', sum(firstLoad), BUDGETS.firstLoad],
  ['sign-up page', sum(signUp), BUDGETS.signUpPage],
];
const lazy = Object.values(manifest).filter(
  (c) => c.isDynamicEntry || (!c.isEntry && !firstLoad.has(c.file)),
);
const lazySizes = [...new Set(lazy.map((c) => c.file))]
  .filter((file) => !firstLoad.has(file))
  .map((file) => [file, gzSize(file)])
  .sort((a, b) => b[1] - a[1]);
// The largest lazy chunks by name; the rest (a page each, a few KB) only counted.
for (const [file, size] of lazySizes.slice(0, 3)) rows.push([`lazy chunk ${file}`, size, BUDGETS.lazyChunk]);
const rest = lazySizes.slice(3);
if (rest.length > 0) {
  const largest = Math.max(...rest.map(([, size]) => size));
  rows.push([`${rest.length} other lazy chunks (largest)`, largest, BUDGETS.lazyChunk]);
}

let failed = false;
for (const [name, size, budget] of rows) {
  const over = size > budget;
  failed ||= over;
  console.log(
    `${over ? 'OVER' : 'ok  '}  ${name.padEnd(60)} ${(size / KB).toFixed(1).padStart(7)} KB gzip  (budget ${budget / KB} KB)`,
  );
}
if (failed) {
  console.error(
    '\nA bundle budget is exceeded: load the new code lazily (import()), or raise the budget with a reason.',
  );
  process.exit(1);
}
