import { and, asc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db, Executor } from './client';
import { keysetAfter, keysetPages } from './keyset';

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
  // A table keyed by user_id alone holds one row per user: one read is all there is.
  const pageRows = keyColumns.length ? opts.pageRows : Number.POSITIVE_INFINITY;
  // No table of the schema has a timestamp in its primary key (keys are uuids, text, dates and
  // integers), so each key value resumes exactly from its column's own type.
  const parts = keyColumns.map((c) => ({ column: c, type: c.getSQLType() }));
  yield* keysetPages(
    pageRows,
    async (after) => {
      const rows: Row[] = await (db as Db)
        .select()
        .from(table as never)
        .where(and(eq(userColumn, userId), opts.where, keysetAfter(parts, after)))
        .orderBy(...keyColumns.map((c) => asc(c)))
        .limit(opts.pageRows);
      opts.probe?.(opts.section, rows.length);
      return rows;
    },
    (last) => keyColumns.map((c) => last[keyOf.get(c) as string] as string | number),
  );
}
