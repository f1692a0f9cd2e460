import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

/**
 * A partner app's generic webhook endpoint (one per app), set by the app's owner. Part of the global
 * app catalog like partner_apps (an allowed exception to the user_id-first rule). The secret is kept as
 * given to the owner: signing needs it (HMAC), unlike the client secret that is only compared.
 */
export const partnerAppWebhooks = pgTable('partner_app_webhooks', {
  clientId: text('client_id').primaryKey(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * One notification to one partner about one user (a Withings-style callback or a signed webhook): the
 * outbox row written in the transaction that changed the data, then the state of its delivery. It holds
 * identifiers, a category and a time range, never a health value.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    userId: userIdColumn(),
    id: idColumn(),
    clientId: text('client_id').notNull(),
    channel: text('channel', { enum: ['notify', 'webhook'] }).notNull(),
    /** `measurements.changed`, `connection.revoked`, `user.erased`, or `appli.<n>` for notify. */
    event: text('event').notNull(),
    appli: integer('appli'),
    /** The notify subscription it was made for (its callback URL is copied in `url`). */
    subscriptionId: uuid('subscription_id'),
    url: text('url').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** When a queue job was last sent for the next attempt (null: not yet; the dispatcher sends it). */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('webhook_deliveries_client_idx').on(t.clientId, t.createdAt),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Every attempt of a delivery: what the receiver answered and how long it took (no bodies kept). */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    userId: userIdColumn(),
    deliveryId: uuid('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deliveryId, t.attempt] })],
);
