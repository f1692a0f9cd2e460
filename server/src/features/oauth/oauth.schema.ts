import {
  boolean,
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
import { createdAt, updatedAt, userIdColumn } from '../../db/columns';

/**
 * Partner apps (OAuth 2.0 clients): a global catalog, like device models (an allowed exception to the
 * user_id-first rule, see db/schema-rules.test.ts). Registered by the operator (owner_user_id null) or
 * by a user on the developer page. A confidential client's secret is kept as sha256 only (it is 256
 * random bits, shown once); a public client (native/SPA) has none and relies on PKCE alone.
 */
export const partnerApps = pgTable(
  'partner_apps',
  {
    clientId: text('client_id').primaryKey(),
    ownerUserId: uuid('owner_user_id'),
    name: text('name').notNull(),
    logoUri: text('logo_uri'),
    /** Compared exactly (RFC 9700 §2.1): no wildcards, no prefix matching. */
    redirectUris: jsonb('redirect_uris').$type<string[]>().notNull(),
    /** The scopes the app may ask for; a user grants some or all of them. */
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    /**
     * Whether the authorization needs PKCE. Always true for a public client; a confidential client
     * (authenticated by its secret) may turn it off, as RFC 9700 §2.1.1 allows, because Withings
     * clients send no PKCE. A code_challenge that was sent is always enforced (no downgrade).
     */
    pkceRequired: boolean('pkce_required').notNull().default(true),
    clientSecretHash: text('client_secret_hash'),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }),
    /**
     * A clinic's SMART backend-services client (issue #15): reads only that clinic's enrolled patients,
     * authenticated by private_key_jwt against `jwks` (its public keys), no user and no redirect.
     */
    clinicId: uuid('clinic_id'),
    jwks: jsonb('jwks').$type<{ keys: Record<string, unknown>[] }>(),
    /**
     * Or, instead of `jwks`, where the clinic publishes its key set (SMART Backend Services `jwks_url`):
     * it rotates keys there without coming back to us (jwks-url.ts fetches and caches it).
     */
    jwksUrl: text('jwks_url'),
    /**
     * An operator disabled the app (issue #16): its tokens and sign-ins are refused from that moment,
     * its connections and history are kept, and enabling it again restores them. Removal is separate.
     */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    disabledReason: text('disabled_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('partner_apps_owner_idx').on(t.ownerUserId)],
);

/**
 * One row per (user, app) the user ever connected: what it was granted, when it last read, and when
 * the user disconnected it (tokens fail from that moment; webhooks stop).
 */
export const partnerConnections = pgTable(
  'partner_connections',
  {
    userId: userIdColumn(),
    clientId: text('client_id').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    connectedAt: timestamp('connected_at', { withTimezone: true }).notNull().defaultNow(),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }),
    disconnectedAt: timestamp('disconnected_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.clientId] }),
    index('partner_connections_client_idx').on(t.clientId),
  ],
);

/**
 * oidc-provider's storage (its adapter contract): grants, authorization codes, access and refresh
 * tokens, interactions, sessions, each a JSON payload found by (model, id). Opaque tokens are looked up
 * by their value alone, so the key cannot start with user_id (an exception, see schema-rules.test.ts);
 * user_id is still kept (indexed) so Disconnect and erasure remove every row of a user.
 */
export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    userId: uuid('user_id'),
    clientId: text('client_id'),
    grantId: text('grant_id'),
    uid: text('uid'),
    userCode: text('user_code'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId),
    index('oidc_payloads_uid_idx').on(t.uid),
    index('oidc_payloads_user_idx').on(t.userId, t.clientId),
    index('oidc_payloads_expires_idx').on(t.expiresAt),
  ],
);

/**
 * The user's public integer id on the Withings-style surface (`userid` in token answers and notify
 * callbacks): Withings clients type it as an integer, so our uuid cannot be used. Random 8–9 digits,
 * not sequential (it reveals neither how many users there are nor when one signed up). The row goes
 * with the account at erasure; the number stays in used_partner_user_ids so it is never given again.
 */
export const partnerUserIds = pgTable(
  'partner_user_ids',
  {
    userId: userIdColumn().primaryKey(),
    publicId: integer('public_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('partner_user_ids_public_idx').on(t.publicId)],
);

/** Every public user id ever handed out (no user id, nothing personal): none is reused after erasure. */
export const usedPartnerUserIds = pgTable('used_partner_user_ids', {
  publicId: integer('public_id').primaryKey(),
});
