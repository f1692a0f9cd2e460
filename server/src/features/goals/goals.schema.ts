import { doublePrecision, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { updatedAt, userIdColumn } from '../../db/columns';

/** A user's goals: at most one per kind, value in the canonical unit of core's goalDefinitions. */
export const goals = pgTable(
  'goals',
  {
    userId: userIdColumn(),
    kind: text('kind', { enum: ['steps', 'sleep_duration', 'weight'] }).notNull(),
    value: doublePrecision('value').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
