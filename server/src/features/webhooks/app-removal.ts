import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { notifySubscriptions } from './notify-subscriptions.schema';
import { partnerAppWebhooks, webhookDeliveries, webhookDeliveryAttempts } from './webhooks.schema';

/**
 * What this feature holds for a partner app that is being deleted (by its owner, the operator, or its
 * owner's erasure): the webhook endpoint and signing secret; every user's notify subscription to it
 * (their callback URLs are the app's servers); and its delivery log, which only the app's owner reads
 * and which copies the endpoint's URL. Nothing of it is of use once the app is gone. Call it in the
 * transaction that deletes the app.
 */
export async function forgetPartnerAppInWebhooks(db: Executor, clientId: string): Promise<void> {
  await db.delete(partnerAppWebhooks).where(eq(partnerAppWebhooks.clientId, clientId));
  await db.delete(notifySubscriptions).where(eq(notifySubscriptions.clientId, clientId));
  const ofApp = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.clientId, clientId));
  await db.delete(webhookDeliveryAttempts).where(inArray(webhookDeliveryAttempts.deliveryId, ofApp));
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.clientId, clientId));
}
