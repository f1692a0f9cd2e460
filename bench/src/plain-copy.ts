import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SeriesItem } from '@vitalbase/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../server/src/db/client';

/**
 * The reference a user would pick instead of our packed days (issue 17): one row per point
 * `(user_id, metric, ts, value)` with its primary key, written by COPY on PostgreSQL, or by one
 * `unnest` INSERT on PGlite (which takes COPY only from its own file system). A bench-only table in
 * the bench's throwaway database, never a migration.
 */
const PLAIN_TABLE = 'bench_plain_points';

export async function createPlainTable(database: Database) {
  const create = `CREATE TABLE IF NOT EXISTS ${PLAIN_TABLE} (user_id uuid NOT NULL, metric text NOT NULL,
    ts timestamptz NOT NULL, value double precision NOT NULL, PRIMARY KEY (user_id, metric, ts))`;
  // PGlite serves as a role that may not create tables (db/client.ts): made as its superuser.
  await database.raw.exec(
    database.engine === 'pglite'
      ? `RESET ROLE; ${create}; GRANT SELECT, INSERT ON ${PLAIN_TABLE} TO vitalbase_app; SET ROLE vitalbase_app`
      : create,
  );
}

/** The points of a sync batch as plain rows, in COPY's text format (one line per point). */
export function plainRowsText(userId: string, items: SeriesItem[]): { text: string; rows: number } {
  const lines: string[] = [];
  for (const item of items) {
    const start = Date.parse(item.start);
    const step = item.intervalSeconds * 1000;
    item.values.forEach((v, i) => {
      if (v !== null)
        lines.push(`${userId}\t${item.metric}\t${new Date(start + i * step).toISOString()}\t${v}\n`);
    });
  }
  return { text: lines.join(''), rows: lines.length };
}

/** A writer of plain rows: COPY on its own connection (PostgreSQL), else unnest INSERT. */
export async function plainWriter(database: Database, connectionString: string | undefined) {
  if (database.engine === 'postgres' && connectionString) {
    const client = new pg.Client({ connectionString });
    await client.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
      { pid: number },
    ];
    return {
      method: 'COPY' as const,
      pid,
      async write(text: string) {
        await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${PLAIN_TABLE} FROM STDIN`)));
      },
      close: () => client.end(),
    };
  }
  return {
    method: 'unnest INSERT' as const,
    pid: undefined,
    async write(text: string) {
      const cols: [string[], string[], string[], number[]] = [[], [], [], []];
      for (const line of text.split('\n')) {
        if (!line) continue;
        const [u, m, ts, v] = line.split('\t') as [string, string, string, string];
        cols[0].push(u);
        cols[1].push(m);
        cols[2].push(ts);
        cols[3].push(Number(v));
      }
      await database.raw.query(
        `INSERT INTO ${PLAIN_TABLE} SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::float8[])`,
        cols,
      );
    },
    close: async () => {},
  };
}
