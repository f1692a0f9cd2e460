import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Three projects: `fast` (pure tests: no database, no app, on threads; the save-loop command),
// `unit` (tests that open a database — in-process HTTP and CLI commands — on PGlite or on the
// PostgreSQL server named by TEST_DATABASE_URL, each file from a copy of one migrated template made by
// the globalSetup), and `e2e` (a real server process driven through Chromium and real clients).
// `npm test` runs `fast` and `unit`: together they are every *.test.ts of core, server, cli and web.

const roots = ['core/src', 'server/src', 'cli/src', 'web/src'];
// A test that opens a database is named *.int.test.ts; the CLI's command tests open one too.
const databaseTests = [...roots.map((root) => `${root}/**/*.int.test.ts`), 'cli/src/commands/**/*.test.ts'];

// The web imports one module of core by path (`@vitalbase/core/<module>`), as web/vite.config.ts resolves it.
const resolve = {
  alias: [
    {
      find: /^@vitalbase\/core\/(.+)$/,
      replacement: `${new URL('./core/src/', import.meta.url).pathname}$1`,
    },
  ],
};

export default defineConfig({
  test: {
    // vitest keeps a core for itself, which on 2 cores (CI) means one file at a time; but a database
    // file waits on I/O and timers part of its time, and the main process is idle once files are
    // transformed: two workers there ran a sample of 10 files in half the time (61 s instead of 128 s).
    // (The pool reads this and fileParallelism from the root config only: `e2e`'s own
    // `fileParallelism: false` is not enough, so `npm run test:e2e` passes --no-file-parallelism.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Not chosen: `poolOptions.threads.isolate: false` with `unit` on threads (files share a worker,
    // keeping the app graph and PGlite's compiled WASM) halved the CPU of a 10-file sample (25 s
    // instead of 52 s), but a file's leftovers (pg-boss work after stop) then run in the next file.
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          globalSetup: ['server/src/test/global-setup.ts'],
          // Hands each file the template the globalSetup made (the harness itself never imports vitest).
          setupFiles: ['server/src/test/template-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
