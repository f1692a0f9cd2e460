import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { fastByteaCodec } from './pglite-bytea';
import { lockDataDir } from './pglite-lock';
import {
  DEFAULT_POOL_TIMEOUTS,
  FailoverPool,
  type PoolTimeouts,
  parsePostgresTargets,
  poolTimeoutConfig,
} from './postgres-hosts';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbTransaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What repos accept: the database or a transaction in progress. */
export type Executor = Db | DbTransaction;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/**
 * SQL that drizzle-kit does not generate (triggers, functions), written to be re-runnable
 * (CREATE OR REPLACE, DROP … IF EXISTS) and applied in file-name order after every migration run.
 */
export const postMigrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql');

async function applyPostMigrationSql(raw: RawSql) {
  for (const file of readdirSync(postMigrationFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    await raw.exec(readFileSync(path.join(postMigrationFolder, file), 'utf8'));
  }
}

/** Raw SQL access for the parts that speak SQL themselves (job queue, schema checks, benchmarks). */
export interface RawSql {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements, no parameters; answers the rows of the last one (the job queue reads them). */
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  raw: RawSql;
  migrate(): Promise<void>;
  /**
   * True when the role that serves (runs the app's queries) owns the audit trail or is a superuser: it
   * could then drop its triggers, delete or rewrite it, and only the hash chain would tell.
   */
  servingRoleOwnsAuditTrail(): Promise<boolean>;
  /** PostgreSQL only: the URL its own tools (pg_dump, pg_restore) connect with, the owner's if set. */
  toolsUrl?: string;
  /** The embedded engine only: a consistent copy of its whole data directory, gzipped tar (a backup). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL of a server; without it the embedded engine is used. */
  databaseUrl?: string;
  /**
   * postgres:// URL of the role that owns the schema (DATABASE_OWNER_URL): migrations run with it, then
   * it grants the serving role (databaseUrl's) its rights. Without it, databaseUrl's role migrates if it
   * owns the schema, and otherwise only checks that the schema is current.
   */
  ownerUrl?: string;
  /** Directory for the embedded engine's files; undefined keeps it in memory (tests). */
  dataDir?: string;
  /**
   * In memory, start from this dump of a data dir (PGlite `dumpDataDir`) instead of a new cluster:
   * tests load one migrated template per file, skipping initdb (~5 s in WASM) and the migrations.
   */
  fromDump?: Blob;
  /** PostgreSQL: connect and statement timeouts (DATABASE_*_TIMEOUT_SECONDS); sane defaults otherwise. */
  timeouts?: PoolTimeouts;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.ownerUrl && !opts.databaseUrl) throw new Error('an owner URL needs a database URL to serve with');
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.ownerUrl, opts.timeouts ?? DEFAULT_POOL_TIMEOUTS)
    : openPglite(opts.dataDir, opts.fromDump);
}

/**
 * The role the embedded engine serves as. PGlite has one user, a superuser; after migrating, the
 * connection switches to this role (SET ROLE), which may only read and append to the audit trail. The
 * app could RESET ROLE: this guards against the app's own SQL mistakes, not against a compromised
 * process, which on PGlite holds the database files anyway (see docs/architecture.md).
 */
const PGLITE_APP_ROLE = 'vitalbase_app';

const SERVING_ROLE_OWNS_AUDIT_TRAIL = `SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
  OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'audit_events'::regclass), 'USAGE') AS owns`;

async function servingRoleOwnsAuditTrail(raw: RawSql): Promise<boolean> {
  return (await raw.query<{ owns: boolean }>(SERVING_ROLE_OWNS_AUDIT_TRAIL)).rows[0]?.owns ?? true;
}

async function openPglite(dataDir?: string, fromDump?: Blob): Promise<Database> {
  let dir: string | undefined;
  let unlock = () => {};
  if (dataDir) {
    dir = pgliteDir(dataDir);
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let client: PGlite;
  try {
    client = dir
      ? await PGlite.create(dir, fastByteaCodec)
      : await PGlite.create({ ...fastByteaCodec, loadDataDir: fromDump });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const raw: RawSql = {
    query: async (text, values) => ({ rows: (await client.query(text, values)).rows as never[] }),
    exec: async (text) => ({ rows: (await client.exec(text)).at(-1)?.rows ?? [] }),
  };
  const useAppRole = async () => {
    const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [PGLITE_APP_ROLE]);
    if (rows.length) await client.exec(`SET ROLE ${PGLITE_APP_ROLE}`);
  };
  await useAppRole(); // a data dir migrated before (or a copy of one) serves as the app role at once
  return {
    db,
    engine: 'pglite',
    raw,
    // PGlite is one process, one connection: no other migrator can run at the same time.
    migrate: async () => {
      await client.exec('RESET ROLE');
      try {
        await migratePglite(drizzlePglite({ client }), { migrationsFolder });
        await applyPostMigrationSql(raw);
        await client.exec(
          `DO $$ BEGIN CREATE ROLE ${PGLITE_APP_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
        );
        await client.query('SELECT vitalbase_grant_app_role($1)', [PGLITE_APP_ROLE]);
      } finally {
        await useAppRole();
      }
    },
    servingRoleOwnsAuditTrail: () => servingRoleOwnsAuditTrail(raw),
    dumpDataDir: () => client.dumpDataDir('gzip'),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/** Where the embedded engine keeps its files inside the data directory. */
export const pgliteDir = (dataDir: string) => path.join(dataDir, 'pglite');

function poolSql(pool: pg.Pool): RawSql {
  return {
    query: async (text, values) => ({ rows: (await pool.query(text, values)).rows }),
    exec: async (text) => {
      // Several statements give an array of results, one a single result.
      const results = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      return { rows: (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [] };
    },
  };
}

/** Migrations run by the schema's owner, who then grants the serving role its rights (db/sql/010). */
async function migrateAsOwner(owner: pg.Pool, servingRole: string | undefined) {
  // Several servers may start at once against one database: the advisory lock makes them
  // migrate one after another, and the later ones find nothing left to do.
  const lock = await owner.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(72616874)');
    await migrateNodePg(drizzleNodePg({ client: owner }), { migrationsFolder });
    const raw = poolSql(owner);
    await applyPostMigrationSql(raw);
    if (servingRole) await raw.query('SELECT vitalbase_grant_app_role($1)', [servingRole]);
  } finally {
    await lock.query('SELECT pg_advisory_unlock(72616874)').catch(() => {});
    lock.release();
  }
}

/** A serving role that does not own the schema cannot migrate: it checks the owner has done it. */
async function assertSchemaCurrent(raw: RawSql) {
  const latest = readMigrationFiles({ migrationsFolder }).at(-1)?.folderMillis ?? 0;
  const { rows } = await raw.query<{ last: string | null }>(
    'SELECT max(created_at)::text AS last FROM drizzle.__drizzle_migrations',
  );
  if (Number(rows[0]?.last ?? 0) < latest) {
    throw new Error(
      "The database schema is older than this version and the server's database role does not own it: " +
        'run `vitalbase migrate` with DATABASE_OWNER_URL set to the owner role first.',
    );
  }
}

/**
 * A pool to one host, or, for a URL with several (pg_auto_failover), to whichever is the primary now;
 * also for sslmode=prefer, which needs asking the server first (postgres-hosts.ts).
 */
function postgresPool(url: string, config: pg.PoolConfig): pg.Pool {
  const targets = parsePostgresTargets(url);
  return targets.urls.length > 1 || targets.tlsIfOffered
    ? new FailoverPool(url, config)
    : new pg.Pool({ ...config, connectionString: url });
}

async function openPostgres(
  url: string,
  ownerUrl: string | undefined,
  timeouts: PoolTimeouts,
): Promise<Database> {
  const pool = postgresPool(url, { ...poolTimeoutConfig(timeouts), max: 20 });
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const raw = poolSql(pool);
  return {
    db,
    engine: 'postgres',
    raw,
    toolsUrl: ownerUrl ?? url,
    migrate: async () => {
      // Migrations may wait for another server's, hold a lock or rewrite a table for longer than any
      // request: their own pool, without the requests' statement limit.
      const migrationPool = (from: string) =>
        postgresPool(from, { connectionTimeoutMillis: timeouts.connectSeconds * 1000, max: 2 });
      if (ownerUrl) {
        const owner = migrationPool(ownerUrl);
        try {
          const serving = (await raw.query<{ r: string }>('SELECT current_user AS r')).rows[0]?.r;
          const owning = (await owner.query<{ r: string }>('SELECT current_user AS r')).rows[0]?.r;
          await migrateAsOwner(owner, serving === owning ? undefined : serving);
        } finally {
          await owner.end();
        }
        return;
      }
      const { rows } = await raw.query<{ fresh: boolean }>(
        "SELECT to_regclass('public.audit_events') IS NULL AS fresh",
      );
      if (rows[0]?.fresh || (await servingRoleOwnsAuditTrail(raw))) {
        const serving = migrationPool(url);
        try {
          await migrateAsOwner(serving, undefined);
        } finally {
          await serving.end();
        }
      } else await assertSchemaCurrent(raw);
    },
    servingRoleOwnsAuditTrail: () => servingRoleOwnsAuditTrail(raw),
    close: () => pool.end(),
  };
}
