import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { type Database, migrationsFolder, openDatabase, postMigrationFolder } from '../db/client';
import { JOB_SCHEMA } from '../jobs/queue';

/**
 * The migrated database every test file starts from, made once per run by the unit project's
 * globalSetup: a PGlite data dir dumped to a file, or a database on the PostgreSQL server that each
 * file copies with `CREATE DATABASE … TEMPLATE`. `schemaKey` says which schema it holds.
 */
export type TestDatabaseTemplate =
  | { engine: 'pglite'; file: string; schemaKey: string }
  | { engine: 'postgres'; name: string; schemaKey: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseTemplate: TestDatabaseTemplate | undefined;
  }
}

const clientFile = fileURLToPath(new URL('../db/client.ts', import.meta.url));

/**
 * A hash of what builds the schema: the migrations, the re-runnable SQL and the code that applies them.
 * A template made before one of them changed (a watch-mode run) is not used: the file migrates instead.
 */
export function schemaKey(): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) add(path.join(file, entry));
      return;
    }
    hash.update(file).update(readFileSync(file));
  };
  for (const source of [migrationsFolder, postMigrationFolder, clientFile]) add(source);
  return hash.digest('hex');
}

/**
 * Migrates with the app's own `migrate()`, then creates pg-boss's schema exactly as its first start
 * would (its construction plan), so files that start the job queue skip that too.
 */
async function migrateForTests(database: Database) {
  await database.migrate();
  await database.raw.exec(PgBoss.getConstructionPlans(JOB_SCHEMA));
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Waits until no connection uses the database: pool.end() resolves before its sockets are closed, and
 * a template with a connection cannot be copied, nor dropped without killing one that is closing (its
 * FATAL error then surfaces as an unhandled error).
 */
async function untilUnused(admin: pg.Client, name: string) {
  for (let i = 0; i < 50; i++) {
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
      name,
    ]);
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `fn` with a connection to the test server's maintenance database. */
export async function withServer<T>(serverUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Drops a database of the test server once the pool that used it has really let go of it. */
export function dropDatabase(serverUrl: string, name: string): Promise<void> {
  return withServer(serverUrl, async (admin) => {
    await untilUnused(admin, name);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/**
 * A new database for one test file, copied from the run's template: loaded from the dump on PGlite,
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL (dropped again on close). Undefined where the template
 * cannot serve: none was made (a project without the globalSetup), it was made for the other engine,
 * or the schema changed since (watch mode).
 */
export async function copyTestDatabaseTemplate(
  template: TestDatabaseTemplate | undefined,
): Promise<Database | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!template || template.engine !== (serverUrl ? 'postgres' : 'pglite')) return undefined;
  if (template.schemaKey !== schemaKey()) return undefined;
  if (template.engine === 'pglite')
    return openDatabase({ fromDump: new Blob([readFileSync(template.file)]) });
  if (!serverUrl) return undefined;
  const name = `vbtest_${randomBytes(6).toString('hex')}`;
  await withServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.name}`));
  return droppedOnClose(await openDatabase({ databaseUrl: databaseUrl(serverUrl, name) }), serverUrl, name);
}

/** The database, dropped from the test server when it is closed. */
export function droppedOnClose(database: Database, serverUrl: string, name: string): Database {
  return {
    ...database,
    close: async () => {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

/** Builds the template for this run; `drop` removes it when the run ends. */
export async function createTestDatabaseTemplate(): Promise<{
  template: TestDatabaseTemplate;
  drop(): Promise<void>;
}> {
  const key = schemaKey();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({});
    await migrateForTests(database);
    // drizzle keeps the driver's client as `$client`; only the embedded engine can dump its files.
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('none'); // uncompressed: loads faster, the file is temporary
    await database.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'vitalbase-template-'));
    const file = path.join(dir, 'pglite.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return {
      template: { engine: 'pglite', file, schemaKey: key },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `vbtest_template_${randomBytes(6).toString('hex')}`;
  await withServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, name) });
  try {
    await migrateForTests(database);
  } finally {
    await database.close();
  }
  await withServer(serverUrl, (admin) => untilUnused(admin, name));
  return {
    template: { engine: 'postgres', name, schemaKey: key },
    drop: () => dropDatabase(serverUrl, name),
  };
}
