import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/client';

/** One place that still holds a needle (an id, an address, a name, a secret), and how often. */
export interface Finding {
  where: string;
  needle: string;
  count: number;
}

/**
 * Every table of the database, whatever its schema (the app's, pg-boss's `pgboss`, any added later),
 * as `schema.table`. A partitioned table is read through its parent (pg-boss's job table is split per
 * queue), so each row is counted once.
 */
async function allTables(database: Database): Promise<string[]> {
  const { rows } = await database.raw.query<{ name: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Rows of every table that hold any needle anywhere: the whole row cast to text covers every uuid,
 * text and jsonb column (job data and output included) at once, on PGlite and PostgreSQL.
 */
export async function scanTables(database: Database, needles: string[]): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const table of await allTables(database)) {
    const { rows } = await database.raw.query<{ needle: string; n: number | string }>(
      `SELECT needle, count(*) AS n FROM ${table} AS r, unnest($1::text[]) AS needle
        WHERE strpos(r::text, needle) > 0 GROUP BY needle`,
      [needles],
    );
    for (const r of rows) found.push({ where: table, needle: r.needle, count: Number(r.n) });
  }
  return found;
}

/** Files under `dir` whose path or content holds a needle (exports, secrets, anything written there). */
export function scanFiles(dir: string, needles: string[]): Finding[] {
  const found: Finding[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const full = path.join(at, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const content = readFileSync(full, 'latin1');
      for (const needle of needles) {
        if (full.includes(needle) || content.includes(needle))
          found.push({ where: `file ${path.relative(dir, full)}`, needle, count: 1 });
      }
    }
  };
  walk(dir);
  return found;
}

/** Log lines that hold a needle. */
export function scanLines(where: string, lines: string[], needles: string[]): Finding[] {
  return needles
    .map((needle) => ({ where, needle, count: lines.filter((l) => l.includes(needle)).length }))
    .filter((f) => f.count > 0);
}
