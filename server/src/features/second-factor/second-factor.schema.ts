import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    counter: integer('counter').notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);
