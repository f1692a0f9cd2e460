import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

/**
 * Withings-style notification subscriptions (`/wbsapi/notify`): a (user, app) pair asks for a callback
 * on a category (`appli`). As in the original, one subscription per (callback URL, appli) for a user
 * and app.
 */
export const notifySubscriptions = pgTable(
  'notify_subscriptions',
  {
    userId: userIdColumn(),
    id: idColumn(),
    clientId: text('client_id').notNull(),
    appli: integer('appli').notNull(),
    callbackUrl: text('callback_url').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    uniqueIndex('notify_subscriptions_unique').on(t.userId, t.clientId, t.appli, t.callbackUrl),
    index('notify_subscriptions_client_idx').on(t.userId, t.clientId, t.appli),
  ],
);
