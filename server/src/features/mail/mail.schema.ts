import { sql } from 'drizzle-orm';
import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, userIdColumn } from '../../db/columns';

/**
 * Mail of the embedded setup (no SMTP_URL): kept here so the operator can read it with
 * `vitalbase mail`. Each message belongs to the account it is about, so erasure removes it.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    userId: userIdColumn(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);
