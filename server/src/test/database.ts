import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '../db/client';
import {
  copyTestDatabaseTemplate,
  databaseUrl,
  droppedOnClose,
  type TestDatabaseTemplate,
  withServer,
} from './database-template';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped again on close), so the same suite runs on both.
 * It is a copy of the run's migrated template (database-template.ts); without a usable one it is made
 * and migrated here, which costs initdb and every migration again.
 */
export async function createTestDatabase(): Promise<Database> {
  const copy = await copyTestDatabaseTemplate(runTemplate);
  if (copy) return copy;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({});
    await database.migrate();
    return database;
  }
  const name = `vbtest_${randomBytes(6).toString('hex')}`;
  await withServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const database = droppedOnClose(
    await openDatabase({ databaseUrl: databaseUrl(serverUrl, name) }),
    serverUrl,
    name,
  );
  await database.migrate();
  return database;
}

/** The template the run's globalSetup made; set by template-setup.ts under vitest, unset elsewhere. */
let runTemplate: TestDatabaseTemplate | undefined;
export function setRunTemplate(template: TestDatabaseTemplate | undefined) {
  runTemplate = template;
}
