import type { TestProject } from 'vitest/node';
import { createTestDatabaseTemplate } from './database-template';

/**
 * Once per run of the unit project: the migrated template every test file's database is copied from
 * (see database.ts). Dropped when the run ends.
 */
export default async function setup(project: TestProject) {
  const { template, drop } = await createTestDatabaseTemplate();
  project.provide('testDatabaseTemplate', template);
  return drop;
}
