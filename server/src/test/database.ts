import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '../db/client';
import { copyTestDatabaseTemplate, databaseUrl, droppedOnClose, withServer } from './database-template';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped again on close), so the same suite runs on both.
 * It is a copy of the run's migrated template (database-template.ts); without a usable one it is made
 * and migrated here, which costs initdb and every migration again.
 */
export async function createTestDatabase(): Promise<Database> {
  const copy = await copyTestDatabaseTemplate(await runTemplate());
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

/**
 * The template the run's globalSetup made, when running under vitest. Imported lazily: the benchmark
 * reuses the harness outside vitest, where importing vitest itself throws.
 */
async function runTemplate() {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return inject('testDatabaseTemplate');
}
