import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { fastByteaCodec } from './pglite-bytea';
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
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL of a server; without it the embedded engine is used. */
  databaseUrl?: string;
  /** Directory for the embedded engine's files; undefined keeps it in memory (tests). */
  dataDir?: string;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

async function openPglite(dataDir?: string): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const client = dir ? await PGlite.create(dir, fastByteaCodec) : await PGlite.create({ ...fastByteaCodec });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const raw: RawSql = {
    query: async (text, values) => ({ rows: (await client.query(text, values)).rows as never[] }),
    exec: async (text) => ({ rows: (await client.exec(text)).at(-1)?.rows ?? [] }),
  };
  return {
    db,
    engine: 'pglite',
    raw,
    // PGlite is one process, one connection: no other migrator can run at the same time.
    migrate: async () => {
      await migratePglite(drizzlePglite({ client }), { migrationsFolder });
      await applyPostMigrationSql(raw);
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const raw: RawSql = {
    query: async (text, values) => ({ rows: (await pool.query(text, values)).rows }),
    exec: async (text) => {
      // Several statements give an array of results, one a single result.
      const results = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      return { rows: (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [] };
    },
  };
  return {
    db,
    engine: 'postgres',
    raw,
    migrate: async () => {
      // Several servers may start at once against one database: the advisory lock makes them
      // migrate one after another, and the later ones find nothing left to do.
      const lock = await pool.connect();
      try {
        await lock.query('SELECT pg_advisory_lock(72616874)');
        await migrateNodePg(drizzleNodePg({ client: pool }), { migrationsFolder });
        await applyPostMigrationSql(raw);
      } finally {
        await lock.query('SELECT pg_advisory_unlock(72616874)').catch(() => {});
        lock.release();
      }
    },
    close: () => pool.end(),
  };
}
