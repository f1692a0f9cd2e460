import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, userIdColumn } from '../../db/columns';

/**
 * A suspension of an account by a privacy officer (issue #16, P22): the reason the user is told, the
 * date by which it must be rectified (15 days), then lifted (everything restored) or closed through the
 * erasure path. A court order closes at once and is recorded as a legal case (`legal_case_id`).
 * Keyed by the user; the officer's queue of running suspensions is the (state, rectify_by) index.
 */
export const accountSuspensions = pgTable(
  'account_suspensions',
  {
    userId: userIdColumn(),
    id: idColumn(),
    reason: text('reason').notNull(),
    state: text('state', { enum: ['active', 'lifted', 'closed'] })
      .notNull()
      .default('active'),
    /** Staff ids (not `user_id`: the row is the suspended user's). */
    suspendedBy: uuid('suspended_by').notNull(),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }).notNull().defaultNow(),
    rectifyBy: timestamp('rectify_by', { withTimezone: true }).notNull(),
    liftedBy: uuid('lifted_by'),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftReason: text('lift_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** A legal_disclosures-style case reference for a court-ordered closure. */
    legalCaseRef: text('legal_case_ref'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('account_suspensions_state_idx').on(t.state, t.rectifyBy),
  ],
);

/**
 * Inactivity notices sent (P21): one row per notice and per period of inactivity (`inactive_since` is
 * the last use it counts from), so a restart or a second run never mails twice, and a user who comes
 * back and goes quiet again gets new notices.
 */
export const inactivityNotices = pgTable(
  'inactivity_notices',
  {
    userId: userIdColumn(),
    notice: text('notice', { enum: ['60_days', '30_days', 'closed'] }).notNull(),
    inactiveSince: timestamp('inactive_since', { withTimezone: true }).notNull(),
    sentAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.notice, t.inactiveSince] })],
);

/**
 * A maintenance window (P23): a global notice for every user, not one user's row (an allowed exception
 * to the user_id-first rule). A banner from `notice_from`; a mail for windows over an hour
 * (`mailed_at` once sent); writes answer 503 with Retry-After between `starts_at` and `ends_at`.
 */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: idColumn().primaryKey(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    noticeFrom: timestamp('notice_from', { withTimezone: true }).notNull(),
    messageEn: text('message_en').notNull(),
    messageFr: text('message_fr').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [index('maintenance_windows_ends_idx').on(t.endsAt)],
);
