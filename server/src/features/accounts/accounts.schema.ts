import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt, userIdColumn } from '../../db/columns';

/**
 * Identity data, kept apart from health data. `id` is the user id every other table keys on.
 * state: active · pending_parental_consent (a minor waiting for a parent) · disabled (by an operator) ·
 * erasure_pending (the user asked to delete the account: invisible, no sign-in, purged after 7 days).
 */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  email: text('email').notNull(),
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  country: text('country').notNull(),
  locale: text('locale').notNull().default('en'),
  timeZone: text('time_zone').notNull().default('UTC'),
  state: text('state', {
    enum: ['active', 'pending_parental_consent', 'disabled', 'suspended', 'erasure_pending'],
  })
    .notNull()
    .default('active'),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  /**
   * The last use of the account: a sign-in, a session's activity, an app or device sync with its
   * credentials (issue #16, P21). Inactivity closure counts from it; updated at most once a day.
   */
  lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Global directory: normalized email → user. The one place an email is unique across users; on a
 * sharded cluster it is a reference table (see the exceptions in db/schema-rules.test.ts).
 */
export const accountEmails = pgTable('account_emails', {
  email: text('email').primaryKey(),
  userId: uuid('user_id').notNull(),
});

/**
 * Signed-in browsers and devices. The cookie holds `<userId>.<secret>`, the row only sha256(secret),
 * so a lookup is by (user_id, id): one shard, and a stolen database leaks no usable session.
 * stage 'second_factor' = password accepted, second factor still owed; it opens nothing else.
 */
export const sessions = pgTable(
  'sessions',
  {
    userId: userIdColumn(),
    id: text('id').notNull(),
    stage: text('stage', { enum: ['full', 'second_factor'] })
      .notNull()
      .default('full'),
    userAgent: text('user_agent'),
    ip: text('ip'),
    newDevice: boolean('new_device').notNull().default(false),
    /**
     * When this session passed a second factor (an authenticator code, a recovery code, or a passkey,
     * which is one by itself); null for a password-only session. Staff and clinic pages ask for it on
     * the session, not only that the account has a factor enrolled (issue #15, #16).
     */
    secondFactorAt: timestamp('second_factor_at', { withTimezone: true }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);

/**
 * Single-use emailed links. The link carries `<userId>.<secret>`, the row only sha256(secret), so the
 * lookup is by (user_id, token_hash): one user's rows, and a leaked table opens nothing.
 * `data` holds what the link is about (the new email of an email change, the parent's address).
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    userId: userIdColumn(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', {
      enum: [
        'verify_email',
        'reset_password',
        'confirm_email_change',
        'parental_consent',
        'guardian',
        'sign_in',
      ],
    }).notNull(),
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tokenHash] })],
);
export type AccountTokenPurpose = (typeof accountTokens.$inferSelect)['purpose'];

/**
 * Per-account settings that follow the person to every browser: display units (a partial map, the
 * locale's defaults fill the rest; the shape is core's `accountUnitsSchema`) and notices they dismissed.
 */
export const accountPreferences = pgTable('account_preferences', {
  userId: userIdColumn().primaryKey(),
  units: jsonb('units').$type<Record<string, string>>().notNull().default({}),
  /** When the "add a second factor" banner was dismissed; null: still shown (not on the security page). */
  secondFactorNudgeDismissedAt: timestamp('second_factor_nudge_dismissed_at', { withTimezone: true }),
  updatedAt: updatedAt(),
});
