import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { idColumn, userIdColumn } from '../../db/columns';

export const accessActorTypes = ['partner', 'clinician', 'support', 'operator', 'legal'] as const;

/**
 * Every read of a user's data by anyone but the user (P26): who, what, when, why. Written only by
 * `accessUserData`, in the same transaction as the read; append-only (a trigger refuses updates).
 */
export const dataAccessLog = pgTable(
  'data_access_log',
  {
    userId: userIdColumn(),
    id: idColumn(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', { enum: accessActorTypes }).notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    purpose: text('purpose').notNull(),
    /** Data categories read, e.g. ['identity', 'readings:weight']. */
    what: jsonb('what').$type<string[]>().notNull(),
    legalBasis: text('legal_basis'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);
