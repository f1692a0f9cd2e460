import { defineConfig } from 'vitest/config';

// Two projects: `unit` (unit + in-process HTTP tests, on PGlite or on the PostgreSQL server named by
// TEST_DATABASE_URL) and `e2e` (a real server process driven through Chromium and real clients).
export default defineConfig({
  test: {
    projects: [
      {
        // The web imports one module of core by path (`@vitalbase/core/<module>`), as web/vite.config.ts resolves it.
        resolve: {
          alias: [
            {
              find: /^@vitalbase\/core\/(.+)$/,
              replacement: `${new URL('./core/src/', import.meta.url).pathname}$1`,
            },
          ],
        },
        test: {
          name: 'unit',
          include: [
            'core/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'cli/src/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
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
