import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../db/schema';
import type { TestApp } from './harness';

/**
 * Columns that move when a credential is merely presented, refused or not (a token's last use, a
 * session's idle expiry, touched once a minute): left out of the digest.
 */
const BOOKKEEPING: Record<string, string[]> = {
  personal_access_tokens: ['last_used_at'],
  sessions: ['last_seen_at', 'expires_at'],
};

const tables = (Object.values(schema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((table) => getTableName(table));

/**
 * A digest per table of every row that mentions the user's id anywhere (the whole row as text, as the
 * erasure purge scan reads it): equal digests before and after mean no row of theirs was added,
 * changed or removed. Works on PGlite and PostgreSQL.
 */
export async function victimRowsDigest(t: Pick<TestApp, 'database'>, userId: string) {
  const digest: Record<string, string> = {};
  for (const name of tables) {
    const { rows } = await t.database.raw.query<{ d: string | null }>(
      `SELECT md5(string_agg(x, '|' ORDER BY x)) AS d
         FROM (SELECT (to_jsonb(r) - $2::text[])::text AS x FROM "${name}" AS r WHERE r::text LIKE $1) AS s`,
      [`%${userId}%`, BOOKKEEPING[name] ?? []],
    );
    digest[name] = rows[0]?.d ?? '';
  }
  return digest;
}
