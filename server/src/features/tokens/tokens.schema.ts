import { jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, userIdColumn } from '../../db/columns';

/**
 * Personal access tokens (CLI, scripts). The token is `vbp_<userId>.<secret>`; only sha256(secret) is
 * kept, and the lookup is by (user_id, secret_hash): one user's rows, one shard. A revoked token's row
 * is deleted, so nothing of it remains to match.
 */
export const personalAccessTokens = pgTable(
  'personal_access_tokens',
  {
    userId: userIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Null: never expires (until revoked). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    uniqueIndex('personal_access_tokens_secret_uq').on(t.userId, t.secretHash),
  ],
);
