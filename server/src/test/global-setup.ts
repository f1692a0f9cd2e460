import type { TestProject } from 'vitest/node';
import { createTestDatabaseTemplate, type TestDatabaseTemplate } from './database-template';

// Here, beside vitest's own imports, not in database-template.ts: the benchmarks import the harness
// without vitest, and a program without vitest cannot augment it.
declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseTemplate: TestDatabaseTemplate | undefined;
  }
}

/**
 * Once per run of the unit project: the migrated template every test file's database is copied from
 * (see database.ts). Dropped when the run ends.
 */
export default async function setup(project: TestProject) {
  const { template, drop } = await createTestDatabaseTemplate();
  project.provide('testDatabaseTemplate', template);
  return drop;
}
