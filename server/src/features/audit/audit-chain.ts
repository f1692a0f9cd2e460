import { createHash } from 'node:crypto';
import type { RawSql } from '../../db/client';

/**
 * A row's canonical content, as the insert trigger hashes it (db/sql/010_audit_append_only.sql; the
 * backfill of migration 0003 too). Written out here again on purpose: the verifier does not call a
 * database function that whoever tampered with the rows could have replaced as well.
 */
const CANONICAL = `jsonb_build_array(user_id, id, seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  actor_type, actor_id, action, ip, user_agent, details)::text`;

interface ChainBreak {
  userId: string;
  id: string;
  seq: number;
  at: string;
  reason: string;
}

export interface ChainReport {
  rows: number;
  chains: number;
  /** The first broken link, walking users in id order and each chain from its start. */
  broken?: ChainBreak;
}

interface ChainRow {
  user_id: string;
  id: string;
  seq: number;
  at: string;
  prev_hash: string | null;
  hash: string;
  content: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Walks every user's chain of security events (or one user's) and stops at the first link that does
 * not hold: a number skipped (an event deleted), a prev_hash that is not the previous event's hash (an
 * event removed or inserted), or a hash that is not sha256(prev_hash || content) (an event altered).
 * Deleting a chain's newest events leaves no gap: the chain proves the order and content of what is
 * there, not that nothing came after (docs/architecture.md).
 */
export async function verifyAuditChains(
  raw: RawSql,
  opts: { userId?: string; pageSize?: number } = {},
): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 1000;
  const report: ChainReport = { rows: 0, chains: 0 };
  let after = { userId: '00000000-0000-0000-0000-000000000000', seq: -1 };
  let current: string | undefined;
  let expected = { seq: 1, prevHash: null as string | null };
  for (;;) {
    const { rows } = await raw.query<ChainRow>(
      `SELECT user_id, id, seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         prev_hash, hash, ${CANONICAL} AS content
       FROM audit_events
       WHERE ($1::uuid IS NULL OR user_id = $1::uuid) AND (user_id, seq) > ($2::uuid, $3::int)
       ORDER BY user_id, seq LIMIT $4`,
      [opts.userId ?? null, after.userId, after.seq, pageSize],
    );
    for (const row of rows) {
      if (row.user_id !== current) {
        current = row.user_id;
        report.chains += 1;
        expected = { seq: 1, prevHash: null };
      }
      report.rows += 1;
      const reason =
        row.seq !== expected.seq
          ? `event number ${row.seq} where ${expected.seq} was expected: an event before it is missing`
          : row.prev_hash !== expected.prevHash
            ? 'its link to the previous event does not match that event'
            : row.hash !== sha256((row.prev_hash ?? '') + row.content)
              ? 'its content does not match its hash: the event was altered'
              : undefined;
      if (reason) {
        report.broken = { userId: row.user_id, id: row.id, seq: row.seq, at: row.at, reason };
        return report;
      }
      expected = { seq: row.seq + 1, prevHash: row.hash };
    }
    if (rows.length < pageSize) return report;
    const last = rows[rows.length - 1] as ChainRow;
    after = { userId: last.user_id, seq: last.seq };
  }
}
