import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { BenchApp } from './setup';
import { createUsers } from './setup';
import { since } from './stats';

/** Every table the sync path writes health data to (raw and derived). */
const HEALTH_TABLES = [
  'health_readings',
  'health_measures',
  'health_series_days',
  'health_sessions',
  'health_derived',
] as const;

export interface RawCopyResult {
  method: 'COPY' | 'multi-row INSERT';
  rows: number;
  seconds: number;
}

async function columnsOf(b: BenchApp, table: string): Promise<string[]> {
  const { rows } = await b.database.raw.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
     ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** The rows of `table` for the given users, with each user id swapped for its copy's. */
function selectMapped(table: string, columns: string[], mapping: Array<[string, string]>): string {
  const values = mapping.map(([o, n]) => `('${o}'::uuid, '${n}'::uuid)`).join(', ');
  const cols = columns.map((c) => (c === 'user_id' ? 'm.new_id AS user_id' : `t.${c}`)).join(', ');
  return `SELECT ${cols} FROM ${table} t JOIN (VALUES ${values}) AS m(old_id, new_id) ON t.user_id = m.old_id`;
}

/**
 * The limit the HTTP path is measured against: the very rows the sync stored (same tables, same
 * indexes, same encoded series), written again for other users straight into the database — COPY on
 * PostgreSQL (one connection, one stream per table), multi-row INSERT on PGlite (which takes COPY only
 * from its own file system). Only the writes are timed, not reading the rows out.
 */
export async function runRawCopy(b: BenchApp, userIds: string[]): Promise<RawCopyResult> {
  const copies = await createUsers(b, userIds.length);
  const mapping = userIds.map((id, i): [string, string] => [id, copies[i]!.id]);
  const tables = await Promise.all(
    HEALTH_TABLES.map(async (t) => ({ table: t, columns: await columnsOf(b, t) })),
  );
  return b.engine === 'postgres' ? copyPostgres(b, tables, mapping) : insertPglite(b, tables, mapping);
}

async function copyPostgres(
  b: BenchApp,
  tables: Array<{ table: string; columns: string[] }>,
  mapping: Array<[string, string]>,
): Promise<RawCopyResult> {
  const client = new pg.Client({ connectionString: b.databaseUrl });
  await client.connect();
  try {
    const payloads: Array<{ table: string; columns: string[]; data: Buffer }> = [];
    for (const { table, columns } of tables) {
      const chunks: Buffer[] = [];
      await pipeline(
        client.query(copyTo(`COPY (${selectMapped(table, columns, mapping)}) TO STDOUT`)),
        new Writable({
          write(chunk, _enc, done) {
            chunks.push(chunk as Buffer);
            done();
          },
        }),
      );
      payloads.push({ table, columns, data: Buffer.concat(chunks) });
    }
    const rows = payloads.reduce((n, p) => n + countLines(p.data), 0);
    const start = performance.now();
    for (const p of payloads) {
      await pipeline(
        Readable.from([p.data]),
        client.query(copyFrom(`COPY ${p.table} (${p.columns.join(', ')}) FROM STDIN`)),
      );
    }
    return { method: 'COPY', rows, seconds: since(start) / 1000 };
  } finally {
    await client.end();
  }
}

function countLines(data: Buffer): number {
  let n = 0;
  for (const byte of data) if (byte === 10) n++;
  return n;
}

async function insertPglite(
  b: BenchApp,
  tables: Array<{ table: string; columns: string[] }>,
  mapping: Array<[string, string]>,
): Promise<RawCopyResult> {
  const payloads: Array<{ table: string; columns: string[]; rows: unknown[][] }> = [];
  for (const { table, columns } of tables) {
    const { rows } = await b.database.raw.query<Record<string, unknown>>(
      selectMapped(table, columns, mapping),
    );
    payloads.push({ table, columns, rows: rows.map((r) => columns.map((c) => toParam(r[c]))) });
  }
  const total = payloads.reduce((n, p) => n + p.rows.length, 0);
  const start = performance.now();
  for (const p of payloads) {
    // PostgreSQL takes at most 65,535 parameters per statement.
    const perStatement = Math.floor(60_000 / p.columns.length);
    for (let i = 0; i < p.rows.length; i += perStatement) {
      const chunk = p.rows.slice(i, i + perStatement);
      const tuples = chunk.map(
        (_, r) => `(${p.columns.map((_, c) => `$${r * p.columns.length + c + 1}`).join(', ')})`,
      );
      await b.database.raw.query(
        `INSERT INTO ${p.table} (${p.columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        chunk.flat(),
      );
    }
  }
  return { method: 'multi-row INSERT', rows: total, seconds: since(start) / 1000 };
}

/** jsonb comes back parsed: send it again as JSON text. */
function toParam(v: unknown): unknown {
  if (v === null || v instanceof Date || v instanceof Uint8Array || typeof v !== 'object') return v;
  return JSON.stringify(v);
}
