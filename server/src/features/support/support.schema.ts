import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

/**
 * A support request opened by a user (issue #16, P11). Keyed by the user who opened it; support's
 * queue is the (state, created_at) index. Support sees the account metadata the request needs while it
 * is open; health data only through a grant (support_grants).
 */
export const supportRequests = pgTable(
  'support_requests',
  {
    userId: userIdColumn(),
    id: idColumn(),
    topic: text('topic').notNull(),
    /** A device of the user the request is about (devices.id), if any. */
    deviceId: text('device_id'),
    state: text('state', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    /** The support agent who took the request (a staff user id; not `user_id`: the row is the user's). */
    assigneeId: uuid('assignee_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by', { enum: ['user', 'support', 'system'] }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('support_requests_queue_idx').on(t.state, t.createdAt, t.id),
  ],
);

/** One message of a request's thread, from the user or from support (mailed to the user too). */
export const supportMessages = pgTable(
  'support_messages',
  {
    userId: userIdColumn(),
    id: idColumn(),
    requestId: uuid('request_id').notNull(),
    author: text('author', { enum: ['user', 'support'] }).notNull(),
    /** The staff member who wrote it, for a support message. */
    staffId: uuid('staff_id'),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('support_messages_request_idx').on(t.userId, t.requestId, t.createdAt),
  ],
);

/**
 * The user's grant of access to their health data or device diagnostics for one support request: the
 * chosen categories and devices, until `expires_at` (at most 7 days) or the request's closure or the
 * user's revocation, whichever comes first. `asked_at` without `granted_at`: support asked, the user has
 * not answered.
 */
export const supportGrants = pgTable(
  'support_grants',
  {
    userId: userIdColumn(),
    id: idColumn(),
    requestId: uuid('request_id').notNull(),
    /** What support asked for (shown to the user), then what the user granted (may be less). */
    askedCategories: jsonb('asked_categories').$type<string[]>().notNull(),
    askedReason: text('asked_reason').notNull(),
    askedBy: uuid('asked_by').notNull(),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
    categories: jsonb('categories').$type<string[]>().notNull().default([]),
    deviceIds: jsonb('device_ids').$type<string[]>().notNull().default([]),
    grantedAt: timestamp('granted_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('support_grants_request_idx').on(t.userId, t.requestId),
  ],
);
