import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
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
  /** Minutes an urgent alert may stay unacknowledged before the clinic's admins and clinicians are mailed. */
  escalationMinutes: integer('escalation_minutes').notNull().default(30),
  /** The clinic's own systems: escalations are POSTed there, signed with HMAC-SHA256 of the secret. */
  webhookUrl: text('webhook_url'),
  webhookSecret: text('webhook_secret'),
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
 *
 * The list's figures are kept on the row (migration 0011), so a page sorted by alerts is one index
 * range and a page by adherence computes arithmetic, not 1,000 × 3 index ranges (bench/RESULTS.md):
 * - `open_alerts`, `worst_rank`: the unresolved alerts of shared categories and the worst severity
 *   (3 urgent, 2 high, 1 info, 0 none), recounted from clinic_alerts by every statement that changes
 *   an alert's state or severity, or the categories (monitoring.repo.ts `recountAlerts`);
 * - `period_start`, `period_days`, `last_day`: the 30-day period of the last transmission day, how
 *   many days of that period had data, and the last day with data, kept by the transmission upsert
 *   (monitoring.repo.ts `evaluationContext`). A period that has since rolled over reads as 0 days.
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
    openAlerts: integer('open_alerts').notNull().default(0),
    worstRank: integer('worst_rank').notNull().default(0),
    /** The list's "by alerts" key: worst first, then the most open (what the old query computed). */
    alertOrder: integer('alert_order')
      .notNull()
      .generatedAlwaysAs(sql`worst_rank * 100000 + least(open_alerts, 99999)`),
    periodStart: date('period_start', { mode: 'string' }),
    periodDays: integer('period_days').notNull().default(0),
    lastDay: date('last_day', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.clinicId] }),
    index('clinic_enrolments_clinic_idx').on(t.clinicId, t.enrolledAt, t.userId),
    index('clinic_enrolments_alert_order_idx')
      .on(t.clinicId, t.alertOrder, t.userId)
      .where(sql`${t.stoppedAt} is null`),
  ],
);

/**
 * Each period a patient shared with a clinic (migration 0012): the enrolment row holds only the
 * current consent, so a stop and a new enrolment would otherwise lose the earlier time, and the
 * monthly report must count all of it. Written in the transactions that enrol and stop
 * (clinics.repo.ts); at most one open period (`stopped_at` null) per patient and clinic. Erased with
 * the patient (user_id), and with the clinic's enrolment (the composite foreign key).
 */
export const clinicEnrolmentPeriods = pgTable(
  'clinic_enrolment_periods',
  {
    userId: userIdColumn(),
    clinicId: uuid('clinic_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.clinicId, t.startedAt] }),
    // The clinic's monthly report: the periods that overlap a month, one index range.
    index('clinic_enrolment_periods_clinic_idx').on(t.clinicId, t.startedAt, t.userId),
    uniqueIndex('clinic_enrolment_periods_open_idx')
      .on(t.userId, t.clinicId)
      .where(sql`${t.stoppedAt} is null`),
    foreignKey({
      columns: [t.userId, t.clinicId],
      foreignColumns: [clinicEnrolments.userId, clinicEnrolments.clinicId],
    }).onDelete('cascade'),
  ],
);

/** A text enum (no database check): `no_transmission` was added without a migration. */
const monitoredMetrics = [
  'blood_pressure',
  'weight_gain',
  'spo2',
  'body_temperature',
  'no_transmission',
] as const;

/**
 * A patient's alert threshold for one monitored metric at one clinic (issue #15 §Monitoring). Keyed
 * by the patient (evaluation reads them on every write of that patient's data: one shard). `preset`
 * is the programme it came from ('custom' once staff changed a limit); `limits` holds the metric's
 * limits in canonical units, validated by core/src/clinic-monitoring.ts.
 */
export const clinicThresholds = pgTable(
  'clinic_thresholds',
  {
    userId: userIdColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: monitoredMetrics }).notNull(),
    preset: text('preset', {
      enum: ['hypertension', 'heart_failure', 'hypoxaemia', 'fever', 'adherence', 'custom'],
    }).notNull(),
    limits: jsonb('limits').$type<Record<string, number>>().notNull(),
    /** The staff member who last set it (not `user_id`: the row is the patient's). */
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clinicId, t.metric] })],
);

/**
 * An alert: one episode of a patient's metric out of its threshold, raised once (not per reading).
 * The episode runs until a reading taken after its last abnormal one is back in range
 * (`episode_ended_at`); at most one running episode per patient, clinic and metric (the partial
 * unique index), so two concurrent writes cannot raise twice. Keyed by the patient (evaluation runs
 * in the patient's write transaction); the clinic's queue is the (clinic_id, state, raised_at) range.
 * `late`: the reading that opened it was taken long before it arrived, so it is not shown as current
 * and its severity is lowered. `escalated_at`: the urgent, unacknowledged alert was mailed out.
 */
export const clinicAlerts = pgTable(
  'clinic_alerts',
  {
    userId: userIdColumn(),
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: monitoredMetrics }).notNull(),
    /** metric + the instant the episode's first abnormal reading was taken. */
    episodeKey: text('episode_key').notNull(),
    severity: text('severity', { enum: ['urgent', 'high', 'info'] }).notNull(),
    late: boolean('late').notNull().default(false),
    state: text('state', { enum: ['open', 'acknowledged', 'resolved'] })
      .notNull()
      .default('open'),
    /** The worst reading of the episode so far: values in canonical units, when taken. */
    reading: jsonb('reading').$type<{ values: Record<string, number>; takenAt: string }>().notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    lastAbnormalAt: timestamp('last_abnormal_at', { withTimezone: true }).notNull(),
    episodeEndedAt: timestamp('episode_ended_at', { withTimezone: true }),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    /** Staff ids (not `user_id`: the alert is the patient's row, staff only act on it). */
    assigneeId: uuid('assignee_id'),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolutionNote: text('resolution_note'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    uniqueIndex('clinic_alerts_running_episode_idx')
      .on(t.userId, t.clinicId, t.metric)
      .where(sql`${t.episodeEndedAt} is null`),
    index('clinic_alerts_queue_idx').on(t.clinicId, t.state, t.raisedAt, t.id),
    // The queue's default page (open and acknowledged, newest raised first) as one ordered range.
    index('clinic_alerts_active_queue_idx')
      .on(t.clinicId, t.raisedAt, t.id)
      .where(sql`${t.state} in ('open', 'acknowledged')`),
  ],
);

/**
 * Days on which a patient's data reached the server (the patient's calendar day), per clinic they are
 * enrolled in: the 16-of-30-days adherence rule and "no transmission for N days" read this, one short
 * index range per patient, instead of scanning readings. Written by the health-write hook.
 */
export const clinicTransmissionDays = pgTable(
  'clinic_transmission_days',
  {
    userId: userIdColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    readings: integer('readings').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clinicId, t.day] })],
);

/**
 * Care-team time spent on a patient (RPM billing): minutes on a day, by whom, and whether it included
 * an interactive communication with the patient. `started_at` is set while a timer runs (minutes 0);
 * stopping it fills `minutes`. Keyed by the patient; a month's report is one range per patient.
 */
export const clinicTimeLog = pgTable(
  'clinic_time_log',
  {
    userId: userIdColumn(),
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    interactive: boolean('interactive').notNull().default(false),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('clinic_time_log_clinic_day_idx').on(t.clinicId, t.day),
  ],
);

/**
 * A clinic's note on a patient: the clinic's record. It stays readable to the clinic after the patient
 * stops sharing (health data does not); it is erased with the patient's account.
 */
export const clinicPatientNotes = pgTable(
  'clinic_patient_notes',
  {
    userId: userIdColumn(),
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('clinic_patient_notes_clinic_idx').on(t.clinicId, t.userId, t.createdAt),
  ],
);

/**
 * A clinic's device stock: units (manufactured_units ids) the clinic holds and assigns to patients. On
 * enrolment the assigned unit is paired to the patient's account (the data is the patient's). A
 * clinic's row, not a user's (an allowed exception): `assigned_user_id` only marks who holds it.
 */
export const clinicDevices = pgTable(
  'clinic_devices',
  {
    unitId: uuid('unit_id').primaryKey(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    serial: text('serial').notNull(),
    modelId: text('model_id').notNull(),
    /** Sends over its own cellular link (no phone): the simulator's `--cellular`. */
    cellular: boolean('cellular').notNull().default(false),
    assignedUserId: uuid('assigned_user_id'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    /** The patient invitation the unit goes with, before the patient has accepted. */
    invitationId: uuid('invitation_id'),
    addedAt: createdAt(),
  },
  (t) => [index('clinic_devices_clinic_idx').on(t.clinicId, t.assignedUserId)],
);
