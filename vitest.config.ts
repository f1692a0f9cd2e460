import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Four projects: `fast` (pure tests: no database, no app, on threads; the save-loop command),
// `unit` (tests that open a database — in-process HTTP and CLI commands — on PGlite or on the
// PostgreSQL server named by TEST_DATABASE_URL, each file from a copy of one migrated template made by
// the globalSetup; files share a worker), `unit-mocks` (the database tests that mock a module, each in
// its own process) and `e2e` (a real server process driven through Chromium and real clients).
// `npm test` runs `fast`, `unit` and `unit-mocks`: together they are every *.test.ts of core, server,
// cli and web. A fifth, `ha` (the failover test on pg_auto_failover), runs only as `npm run test:ha`.

const roots = ['core/src', 'server/src', 'cli/src', 'web/src'];
// A test that opens a database is named *.int.test.ts; the CLI's command tests open one too.
const databaseTests = [...roots.map((root) => `${root}/**/*.int.test.ts`), 'cli/src/commands/**/*.test.ts'];
const isDatabaseTest = (file: string) =>
  file.endsWith('.int.test.ts') || (file.startsWith('cli/src/commands/') && file.endsWith('.test.ts'));
const repoRoot = new URL('./', import.meta.url).pathname;
// The database tests that mock a module (vi.mock, vi.doMock) run apart, each in its own process: in a
// shared worker a module an earlier file imported is already loaded, so the mock would not take, and
// the mock would stay for the files after it. Found by reading the files, so a new one goes there too.
const mockingTests = roots
  .flatMap((root) =>
    readdirSync(repoRoot + root, { recursive: true, encoding: 'utf8' }).map((f) => `${root}/${f}`),
  )
  .filter(
    (file) => isDatabaseTest(file) && /\bvi\.(do)?[mM]ock\(/.test(readFileSync(repoRoot + file, 'utf8')),
  );

// The web imports one module of core by path (`@vitalbase/core/<module>`), as web/vite.config.ts resolves it.
const resolve = {
  alias: [
    {
      find: /^@vitalbase\/core\/(.+)$/,
      replacement: `${new URL('./core/src/', import.meta.url).pathname}$1`,
    },
  ],
};

// What both database projects share: the template made once per run, handed to each file.
const databaseProject = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  globalSetup: ['server/src/test/global-setup.ts'],
  // Hands each file the template the globalSetup made (the harness itself never imports vitest).
  setupFiles: ['server/src/test/template-setup.ts'],
};

export default defineConfig({
  test: {
    // vitest keeps a core for itself, which on 2 cores (CI) means one file at a time; but a database
    // file waits on I/O and timers part of its time, and the main process is idle once files are
    // transformed: two workers there ran a sample of 10 files in half the time (61 s instead of 128 s).
    // (The pool reads this and fileParallelism from the root config only: `e2e`'s own
    // `fileParallelism: false` is not enough, so `npm run test:e2e` passes --no-file-parallelism.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        resolve,
        test: {
          name: 'fast',
          include: roots.map((root) => `${root}/**/*.test.ts`),
          exclude: [...configDefaults.exclude, ...databaseTests],
          testTimeout: 30_000, // as in `unit`, where these ran before: property tests take seconds
          pool: 'threads',
        },
      },
      {
        resolve,
        test: {
          name: 'unit',
          include: databaseTests,
          exclude: [...configDefaults.exclude, ...mockingTests],
          ...databaseProject,
          // Files share a worker thread, one file at a time: the app's module graph and PGlite's
          // compiled WASM are loaded once per worker instead of once per file, which cuts `npm test`'s
          // CPU by about a third (figures: docs/architecture.md#tests-one-migrated-template-a-copy-per-file).
          // It holds because a file leaves nothing running (the job queue refuses work once stopped,
          // servers and databases are closed in afterAll) and the features' wiring runs once at import.
          pool: 'threads',
          poolOptions: { threads: { isolate: false } },
        },
      },
      {
        resolve,
        test: {
          name: 'unit-mocks',
          include: mockingTests,
          ...databaseProject,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'e2e/src/ha/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // expect.poll gives up after 1 s by default: too near for a page that fetches from a server on
          // a loaded CI (clinics.browser's readings table once missed it). A wait, not a speed check.
          expect: { poll: { timeout: 15_000 } },
          pool: 'forks',
          fileParallelism: false,
        },
      },
      {
        // `npm run test:ha`: the failover test (pg_auto_failover, two app servers), apart from the rest.
        test: {
          name: 'ha',
          include: ['e2e/src/ha/**/*.test.ts'],
          testTimeout: 480_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
