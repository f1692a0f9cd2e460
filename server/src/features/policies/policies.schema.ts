import { boolean, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { userIdColumn } from '../../db/columns';

/**
 * Every published version of the privacy policy and the terms (a global catalog, the same for every
 * user: see the exceptions in db/schema-rules.test.ts). Versions are never edited: a correction is a
 * new (minor) version, so what a user accepted stays readable word for word.
 */
export const policyVersions = pgTable(
  'policy_versions',
  {
    document: text('document', { enum: ['privacy', 'terms'] }).notNull(),
    version: text('version').notNull(),
    /** 00:00 UTC of the effective date. */
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    /** A major change is announced 30 days ahead and must be accepted once in force. */
    major: boolean('major').notNull(),
    summary: text('summary').notNull(),
    markdown: text('markdown').notNull(),
    /** The French text and summary, when the operator published one (null: shown in English, with a notice). */
    summaryFr: text('summary_fr'),
    markdownFr: text('markdown_fr'),
  },
  (t) => [primaryKey({ columns: [t.document, t.version] })],
);

/** What each user accepted, and when (explicitly, in the app or through the API). */
export const policyAcceptances = pgTable(
  'policy_acceptances',
  {
    userId: userIdColumn(),
    document: text('document', { enum: ['privacy', 'terms'] }).notNull(),
    version: text('version').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * core's policyAcceptanceMethods, or 'owed': not an acceptance but its absence, recorded (version
     * `owed:<version>`) when the operator creates the account (policy-rules.ts `OWED`); a plain text
     * column (no check constraint), so no migration.
     */
    method: text('method', { enum: ['web', 'api', 'signup', 'implied', 'owed'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.document, t.version] })],
);

/**
 * Who was mailed the announcement of an upcoming major version: the announcement job's progress, so a
 * restart resumes where it stopped and nobody is mailed twice.
 */
export const policyAnnouncements = pgTable(
  'policy_announcements',
  {
    userId: userIdColumn(),
    document: text('document', { enum: ['privacy', 'terms'] }).notNull(),
    version: text('version').notNull(),
    mailedAt: timestamp('mailed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.document, t.version] })],
);
