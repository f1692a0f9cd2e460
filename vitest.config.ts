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
    projects: [
      {
        resolve,
        test: {
          name: 'fast',
          include: roots.map((root) => `${root}/**/*.test.ts`),
          exclude: [...configDefaults.exclude, ...databaseTests],
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
