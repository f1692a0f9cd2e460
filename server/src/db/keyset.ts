import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * The one keyset pagination helper. A page is ordered on a total key (a time, then an id, …) and the
 * next page resumes strictly after the last row's key, compared as one row value, so rows sharing an
 * instant at a page edge are neither skipped nor repeated (an offset would shift under inserts).
 *
 * Instants resume from their text at the microsecond (`keysetTime`), never from a JS Date: PostgreSQL
 * keeps microseconds that a Date rounds away, so a Date cursor could repeat or skip a row. Cursors
 * handed to clients wrap these values with db/cursor.ts (`encodeCursor`, `decodeCursor`).
 */
export type KeysetDirection = 'asc' | 'desc';

/** One key part: a column or expression, and the SQL type its resumed value is cast to. */
export interface KeysetPart {
  column: AnyColumn | SQL;
  /** The SQL type (timestamptz, uuid, text, date, integer…): a column's own `getSQLType()`. */
  type: string;
}

/** An instant as exact UTC text with microseconds (`2026-01-02T03:04:05.123456Z`), for a cursor. */
export function keysetTime(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * `(k1, k2, …) > (v1, v2, …)` (`<` for a descending page), each value cast to its part's type;
 * undefined on the first page (no cursor), so it drops out of an `and(…)`.
 */
export function keysetAfter(
  parts: readonly KeysetPart[],
  after: readonly (string | number)[] | undefined,
  direction: KeysetDirection = 'asc',
): SQL | undefined {
  if (!after) return undefined;
  if (after.length !== parts.length) throw new Error('keysetAfter: one value per key part');
  const keys = sql.join(
    parts.map((p) => sql`${p.column}`),
    sql`, `,
  );
  const values = sql.join(
    parts.map((p, i) => sql`${after[i]}::${sql.raw(p.type)}`),
    sql`, `,
  );
  return direction === 'asc' ? sql`(${keys}) > (${values})` : sql`(${keys}) < (${values})`;
}

/**
 * Reads a keyset-paged list page after page: `read(after)` returns one page in key order, `keyOf`
 * the key to resume after its last row. Stops after a short page.
 */
export async function* keysetPages<Row>(
  pageRows: number,
  read: (after: Array<string | number> | undefined) => Promise<Row[]>,
  keyOf: (row: Row) => Array<string | number>,
): AsyncGenerator<Row[]> {
  let after: Array<string | number> | undefined;
  for (;;) {
    const rows = await read(after);
    if (!rows.length) return;
    yield rows;
    if (rows.length < pageRows) return;
    after = keyOf(rows.at(-1) as Row);
  }
}
