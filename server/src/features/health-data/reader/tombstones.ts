import { isNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The tombstone rule, stated once: a deleted reading or session keeps a row with `deleted_at` set (so
 * "changed since" reports the deletion and a re-sent copy is not stored again), and every read of
 * health data leaves it out. Only the person's own archive (export-pages.ts) and the changes feed
 * show tombstones, as deletions.
 *
 * Takes the table (drizzle) or a SQL alias of it (`sql\`r\`` in hand-written SQL).
 */
export function notDeleted(table: { deletedAt: PgColumn } | SQL): SQL {
  if ('deletedAt' in table) return isNull(table.deletedAt) as SQL;
  return sql`${table}.deleted_at is null`;
}

/** The same rule on a row already read (the archive's pages hold tombstones; its FHIR and CSV files do not). */
export function isLive(row: { deletedAt: Date | null }): boolean {
  return row.deletedAt === null;
}
