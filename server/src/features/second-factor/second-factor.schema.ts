import { sql } from 'drizzle-orm';
import {
  bigint,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, userIdColumn } from '../../db/columns';

/** One TOTP secret per user; `confirmedAt` null until the user proved it with a first code. */
export const totpCredentials = pgTable(
  'totp_credentials',
  {
    userId: userIdColumn(),
    secret: text('secret').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** The last time step accepted: a code of that step or earlier is refused (no replay). */
    lastUsedStep: integer('last_used_step'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId] })],
);

/** Single-use recovery codes, stored hashed. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: userIdColumn(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** WebAuthn credentials used as a second factor. */
export const passkeys = pgTable(
  'passkeys',
  {
    userId: userIdColumn(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    // The authenticator's signature counter: a uint32, beyond integer's range.
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    uniqueIndex('passkeys_credential_uq').on(t.userId, t.credentialId),
  ],
);

/**
 * The WebAuthn challenge last issued to a user, one per ceremony: single use (taken = deleted) and
 * valid 5 minutes. A newer options call replaces the older challenge.
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    userId: userIdColumn(),
    // 'step_up': a signed-in user proving the passkey again for a security action (no SQL change: text).
    ceremony: text('ceremony', { enum: ['registration', 'authentication', 'step_up'] }).notNull(),
    challenge: text('challenge').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ceremony] })],
);

/** Wrong second-factor answers per pending sign-in session: too many and that session is ended. */
export const secondFactorAttempts = pgTable(
  'second_factor_attempts',
  {
    userId: userIdColumn(),
    sessionId: text('session_id').notNull(),
    failures: integer('failures').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.sessionId] })],
);
