import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { userIdColumn } from '../../db/columns';

/**
 * Append-only record of security events on an account: who (actor), what (action), when, from where.
 * The user reads their own; nothing updates a row (a trigger in the migrations refuses it), the app's
 * role may only insert and read, and each user's events form a hash chain (seq, prev_hash, hash: set
 * by a trigger at insert, never by the app) that `vitalbase audit verify` walks. See
 * server/src/db/sql/010_audit_append_only.sql and docs/architecture.md ("The audit trail").
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    userId: userIdColumn(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', {
      enum: ['user', 'operator', 'system', 'parent', 'device', 'partner'],
    }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Position in the user's chain (1, 2, …); the defaults are placeholders the trigger overwrites. */
    seq: integer('seq').notNull().default(0),
    /** Hex sha256 of the previous event of the chain (null for the first). */
    prevHash: text('prev_hash'),
    /** Hex sha256(prev_hash || the row's canonical content). */
    hash: text('hash').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] }), uniqueIndex('audit_events_chain').on(t.userId, t.seq)],
);
