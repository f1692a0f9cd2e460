import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

const roles = ['clinic_admin', 'clinician', 'care_coordinator'] as const;

/**
 * A clinic (issue #15): the organisation patients share data with. A global table (no user owns a
 * clinic): see the exceptions in db/schema-rules.test.ts. `terms_version` is bumped whenever the
 * programme terms change, so an acceptance records the text the patient read.
 */
export const clinics = pgTable('clinics', {
  id: idColumn().primaryKey(),
  name: text('name').notNull(),
  programmeTerms: text('programme_terms').notNull(),
  termsVersion: integer('terms_version').notNull().default(1),
  /** Data categories (core clinicDataCategories) offered ticked on the enrolment page. */
  defaultCategories: jsonb('default_categories').$type<string[]>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A staff member of a clinic: an ordinary account with a role there. Keyed by the staff member's user
 * id (one shard: "my clinics" on every request); the clinic's staff list is one index range. Removing
 * staff deletes the row, so the next request is refused.
 */
export const clinicStaff = pgTable(
  'clinic_staff',
  {
    userId: userIdColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clinicId] }), index('clinic_staff_clinic_idx').on(t.clinicId)],
);

/**
 * Invitations of a clinic: staff (by email, with a role) and patients (by email, or a printed code).
 * Addressed to an email that may have no account yet, so it belongs to the clinic, not to a user (a
 * global exception); found by the sha256 of its secret only. Single use; expires.
 */
export const clinicInvitations = pgTable(
  'clinic_invitations',
  {
    id: idColumn().primaryKey(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['staff', 'patient'] }).notNull(),
    /** Normalized; null for a printed patient code (anyone holding it may accept). */
    email: text('email'),
    role: text('role', { enum: roles }),
    tokenHash: text('token_hash').notNull().unique(),
    /** The staff member who sent it (not `user_id`: the row is the clinic's, not erased with them). */
    invitedBy: uuid('invited_by').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [index('clinic_invitations_clinic_idx').on(t.clinicId, t.kind, t.createdAt)],
);

/**
 * A patient's sharing with a clinic, from their express consent (the consent record itself is in
 * consents, purpose `remote_monitoring:<clinic id>`). Keyed by the patient; the clinic's patient list
 * is the (clinic_id, enrolled_at) index range. `stopped_at` set: the clinic reads nothing any more.
 */
export const clinicEnrolments = pgTable(
  'clinic_enrolments',
  {
    userId: userIdColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    categories: jsonb('categories').$type<string[]>().notNull(),
    termsVersion: integer('terms_version').notNull(),
    wordingVersion: integer('wording_version').notNull(),
    acceptedBy: text('accepted_by', { enum: ['patient', 'guardian'] }).notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.clinicId] }),
    index('clinic_enrolments_clinic_idx').on(t.clinicId, t.enrolledAt, t.userId),
  ],
);
