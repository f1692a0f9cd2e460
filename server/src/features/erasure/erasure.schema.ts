import { sql } from 'drizzle-orm';
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userIdColumn } from '../../db/columns';

/**
 * A user's request to delete their account (P19). The account is hidden at once; the purge job deletes
 * everything after `purge_after` (7 days: the cancel window) and at the latest 30 days after the request.
 * The cancel link carries `<userId>.<secret>`; only sha256(secret) is kept. Deleted with the rest of the
 * user's rows by the purge (it has user_id).
 */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    userId: userIdColumn(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    purgeAfter: timestamp('purge_after', { withTimezone: true }).notNull(),
    cancelTokenHash: text('cancel_token_hash').notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** The account's state before the request, given back on cancel (a minor stays waiting for a parent). */
    previousState: text('previous_state').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);

/**
 * What remains of a purged account: proof that a request was honoured and when. Deliberately no user
 * id, no email, nothing personal — a global table (see the exceptions in db/schema-rules.test.ts).
 */
export const erasureTombstones = pgTable('erasure_tombstones', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  purgedAt: timestamp('purged_at', { withTimezone: true }).notNull(),
});
