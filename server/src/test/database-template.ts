import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { type Database, migrationsFolder, openDatabase, postMigrationFolder } from '../db/client';
import { JOB_SCHEMA } from '../jobs/queue';

/**
 * The migrated database every test file starts from, made by the unit project's globalSetup: a PGlite
 * data dir dumped to a file (cached between runs), or a database on the PostgreSQL server that each
 * file copies with `CREATE DATABASE … TEMPLATE` (one per run). `schemaKey` says which schema it holds.
 */
export type TestDatabaseTemplate =
  | { engine: 'pglite'; file: string; schemaKey: string }
  | { engine: 'postgres'; name: string; schemaKey: string };

const clientFile = fileURLToPath(new URL('../db/client.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// The engines' own versions: a new PGlite may not read an old dump; a new pg-boss has another schema.
const enginePackages = ['@electric-sql/pglite', 'pg-boss'].map((name) =>
  path.join(repoRoot, 'node_modules', name, 'package.json'),
);
/** PGlite templates kept between runs, one per schema key (a single-file run then skips initdb too). */
const cacheDir = path.join(repoRoot, 'node_modules', '.cache', 'vitalbase-test-db');

/**
 * A hash of what builds the schema: the migrations, the re-runnable SQL, the code that applies them and
 * the engines' versions. A template made before one of them changed is not used: a cached dump is made
 * again, and a file of a run that saw the change (watch mode) migrates a fresh database instead.
 */
function schemaKey(): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) add(path.join(file, entry));
      return;
    }
    hash.update(file).update(readFileSync(file));
  };
  for (const source of [migrationsFolder, postMigrationFolder, clientFile, ...enginePackages]) add(source);
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
function dropDatabase(serverUrl: string, name: string): Promise<void> {
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

/**
 * Migrates a new PGlite and dumps its data dir to `file` (uncompressed: it loads faster). Written
 * under another name and renamed, so a run reading the cache never sees half a file; dumps of other
 * schema keys are removed (a run still holding one sees its key differ and migrates instead).
 */
async function dumpPgliteTemplate(file: string) {
  const database = await openDatabase({});
  await migrateForTests(database);
  // drizzle keeps the driver's client as `$client`; only the embedded engine can dump its files.
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  for (const old of readdirSync(cacheDir)) {
    const stale = old.startsWith('pglite-') && old.endsWith('.tar') && old !== path.basename(file);
    if (stale) rmSync(path.join(cacheDir, old), { force: true });
  }
}

/** Builds the template for this run (PGlite: or finds it cached); `drop` removes what only this run uses. */
export async function createTestDatabaseTemplate(): Promise<{
  template: TestDatabaseTemplate;
  drop(): Promise<void>;
}> {
  const key = schemaKey();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const file = path.join(cacheDir, `pglite-${key}.tar`);
    if (!existsSync(file)) await dumpPgliteTemplate(file);
    return { template: { engine: 'pglite', file, schemaKey: key }, drop: async () => {} };
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
