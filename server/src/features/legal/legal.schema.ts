import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

/**
 * A legal disclosure of one user's data to an authority (issue #16, P10/P25): who asked, on what legal
 * basis, the scope, what was disclosed. The user is notified unless the request forbids it, then from
 * `notice_allowed_from`. Keyed by the user (it is about their data and shows in their access log);
 * the officer's register is the (requested_at) index.
 */
export const legalDisclosures = pgTable(
  'legal_disclosures',
  {
    userId: userIdColumn(),
    id: idColumn(),
    caseRef: text('case_ref').notNull(),
    authority: text('authority').notNull(),
    legalBasis: text('legal_basis').notNull(),
    scope: jsonb('scope').$type<string[]>().notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    disclosedAt: timestamp('disclosed_at', { withTimezone: true }),
    /** What was handed over, described (the export file itself is not kept here). */
    disclosed: text('disclosed').notNull().default(''),
    /** Null: the user may be told at once. A date: the order forbids notice until then. */
    noticeAllowedFrom: timestamp('notice_allowed_from', { withTimezone: true }),
    noticeForbidden: text('notice_forbidden', { enum: ['no', 'until_date', 'indefinitely'] })
      .notNull()
      .default('no'),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    recordedBy: uuid('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('legal_disclosures_requested_idx').on(t.requestedAt),
  ],
);

/**
 * The operator's processors and international transfers (P25): who processes data for the service, for
 * what, in which country, under which safeguard. A global register (an allowed exception to the
 * user_id-first rule), shown in the privacy center.
 */
export const processors = pgTable('processors', {
  id: idColumn().primaryKey(),
  name: text('name').notNull(),
  purpose: text('purpose').notNull(),
  country: text('country').notNull(),
  /** e.g. "adequacy decision", "standard contractual clauses", or "none (same country)". */
  safeguard: text('safeguard').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
});
