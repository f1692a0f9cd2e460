import { sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userIdColumn } from '../../db/columns';

/**
 * Append-only record of security events on an account: who (actor), what (action), when, from where.
 * The user reads their own; nothing updates a row (a trigger in the migrations refuses it).
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
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);
