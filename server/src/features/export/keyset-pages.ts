import { and, asc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client';

export type Row = Record<string, unknown>;

/** Called with every page read from the database: tests assert on it that reads are bounded. */
export type PageProbe = (section: string, rows: number) => void;

/**
 * One user's rows of a table, page after page on its primary key (user_id first, then the rest):
 * whatever the account's size, one page of rows is in memory at a time. Works for any table of the
 * schema, so a table a later feature adds is exported without code here.
 */
export async function* tablePages(
  db: Executor,
  table: PgTable,
  userId: string,
  opts: { pageRows: number; section: string; probe?: PageProbe; where?: SQL },
): AsyncGenerator<Row[]> {
  const config = getTableConfig(table);
  const userColumn = config.columns.find((c) => c.name === 'user_id');
  if (!userColumn) throw new Error(`${config.name} has no user_id column`);
  // The key's own column objects (a primaryKey() config holds stand-ins): found again by name.
  const primary = (config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary)).map(
    (k) => config.columns.find((c) => c.name === k.name) as PgColumn,
  );
  const keyColumns = primary.filter((c) => c.name !== 'user_id');
  const keyOf = new Map<PgColumn, string>(
    Object.entries(getTableColumns(table)).map(([key, column]) => [column as PgColumn, key]),
  );
  let after: unknown[] | undefined;
  for (;;) {
    const rows: Row[] = await (db as Db)
      .select()
      .from(table as never)
      .where(and(eq(userColumn, userId), opts.where, after ? rowAfter(keyColumns, after) : undefined))
      .orderBy(...keyColumns.map((c) => asc(c)))
      .limit(opts.pageRows);
    opts.probe?.(opts.section, rows.length);
    if (rows.length) yield rows;
    // A table keyed by user_id alone holds one row per user: one read is all there is.
    if (rows.length < opts.pageRows || keyColumns.length === 0) return;
    const last = rows.at(-1) as Row;
    after = keyColumns.map((c) => last[keyOf.get(c) as string]);
  }
}

/**
 * `(k1, k2, …) > (v1, v2, …)`, each value cast to its column's type. Keys here are uuids, text, dates
 * and integers; no table of the schema has a timestamp in its primary key (JS dates stop at the
 * millisecond, PostgreSQL goes to the microsecond, so such a key could not be resumed exactly).
 */
function rowAfter(columns: PgColumn[], values: unknown[]): SQL {
  const keys = sql.join(
    columns.map((c) => sql`${c}`),
    sql`, `,
  );
  const params = sql.join(
    columns.map((c, i) => sql`${sql.param(values[i], c)}::${sql.raw(c.getSQLType())}`),
    sql`, `,
  );
  return sql`(${keys}) > (${params})`;
}
