import { date, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

/**
 * A user's request to the operator (rectification of what they cannot edit, objection, restriction,
 * a question about access, other), due one month after receipt (GDPR Art. 12(3)).
 */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    userId: userIdColumn(),
    id: idColumn(),
    kind: text('kind', {
      enum: ['rectification', 'objection', 'restriction', 'access_question', 'other'],
    }).notNull(),
    message: text('message').notNull(),
    status: text('status', { enum: ['open', 'in_progress', 'done', 'refused'] })
      .notNull()
      .default('open'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** The operator's answer to the user (required to close a request). */
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);
