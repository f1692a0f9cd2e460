import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { idColumn, updatedAt, userIdColumn } from '../../db/columns';

/** How a consent was given or withdrawn: in the web app (session) or through the API (token). */
/** web/api: the user; guardian: a parent, for a child under the age of digital consent (GDPR Art. 8). */
export const consentMethods = ['web', 'api', 'guardian'] as const;

/** The current state per purpose. No row: never given (off by default). */
export const consents = pgTable(
  'consents',
  {
    userId: userIdColumn(),
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    wordingVersion: integer('wording_version').notNull(),
    policyVersion: text('policy_version').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.purpose] })],
);

/** Every change of a consent, append-only (a trigger refuses updates): the proof of what was agreed. */
export const consentHistory = pgTable(
  'consent_history',
  {
    userId: userIdColumn(),
    id: idColumn(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    wordingVersion: integer('wording_version').notNull(),
    policyVersion: text('policy_version').notNull(),
    method: text('method', { enum: consentMethods }).notNull(),
    /** The research short form as filled in, or null. */
    form: jsonb('form').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);

/** A signed-in user's cookie choice (visitors keep theirs in the essential `vb_cookie_choice` cookie). */
export const cookiePreferences = pgTable('cookie_preferences', {
  userId: userIdColumn().primaryKey(),
  analytical: boolean('analytical').notNull().default(sql`false`),
  socialMedia: boolean('social_media').notNull().default(sql`false`),
  marketing: boolean('marketing').notNull().default(sql`false`),
  updatedAt: updatedAt(),
});
