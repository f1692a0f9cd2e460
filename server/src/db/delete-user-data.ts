import { eq, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { accountEmails, users } from '../features/accounts/accounts.schema';
import { auditEvents } from '../features/audit/audit.schema';
import type { Db } from './client';
import * as schema from './schema';

interface UserTable {
  name: string;
  table: PgTable;
  userId: PgColumn;
}

/**
 * Every table of the schema with a `user_id` column, found from the drizzle schema itself (a table a
 * feature adds later is covered without touching this file), ordered so that a table whose rows point
 * at another's (foreign key) is emptied first.
 */
export function tablesWithUserData(): UserTable[] {
  const found: UserTable[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable) || value === accountEmails || value === users) continue;
    const userId = Object.values(getTableColumns(value)).find((c) => c.name === 'user_id');
    if (userId) found.push({ name: getTableName(value), table: value, userId });
  }
  const referenced = (t: UserTable, among: UserTable[]) =>
    among.some(
      (other) =>
        other !== t &&
        getTableConfig(other.table).foreignKeys.some((fk) => fk.reference().foreignTable === t.table),
    );
  const ordered: UserTable[] = [];
  let left = found;
  while (left.length) {
    const free = left.filter((t) => !referenced(t, left));
    const next = free.length ? free : left; // a cycle: keep schema order and let the database decide
    ordered.push(...next);
    left = left.filter((t) => !next.includes(t));
  }
  return ordered;
}

/** Rows a DELETE removed, as each driver reports it (node-postgres: rowCount, PGlite: affectedRows). */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

/**
 * Deletes an account and everything it owns, in one transaction: every row with its user_id, then its
 * entries in the email directory, then the user, then its audit trail. The app's database role may not
 * delete audit rows: the owner's `vitalbase_purge_user_audit` (db/sql/010) does, and only for an
 * account that no longer exists, hence last. Used when a parent refuses or never answers, and by the
 * privacy center's erasure. Returns how many rows went per table.
 */
export async function deleteUserData(db: Db, userId: string): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    const counts: Record<string, number> = {};
    for (const { name, table, userId: column } of tablesWithUserData()) {
      if (table === auditEvents) continue; // last, below
      counts[name] = affected(await tx.delete(table).where(eq(column, userId)));
    }
    counts.account_emails = affected(await tx.delete(accountEmails).where(eq(accountEmails.userId, userId)));
    counts.users = affected(await tx.delete(users).where(eq(users.id, userId)));
    // Both drivers answer `{ rows }`.
    const purged = (await tx.execute(sql`SELECT vitalbase_purge_user_audit(${userId}) AS n`)) as unknown as {
      rows: { n: number }[];
    };
    counts.audit_events = Number(purged.rows[0]?.n ?? 0);
    return counts;
  });
}
