import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { createConnectionsRepo } from '../oauth';
import { publicUserId } from '../oauth';
import { createNotifyRepo } from './notify-subscriptions.repo';
import { type ChangedRange, type DataChanges, grantsAppli, USER_EVENT_APPLI } from './data-changes';
import { createWebhooksRepo, type NewDelivery } from './webhooks.repo';

/**
 * Turns what happened to a user into deliveries (outbox rows) for the partners that asked: written in
 * the caller's transaction, so a rolled-back write notifies no one and a committed one cannot be
 * forgotten. The dispatcher (webhooks.jobs.ts) sends them. Payloads carry identifiers, categories and
 * times only: the partner reads the data itself, through the API, with its scopes.
 */

/** Events that tell a partner its access ended: sent even though the connection is over. */
export const LIFECYCLE_EVENTS = new Set(['connection.revoked', 'user.erased', `appli.${USER_EVENT_APPLI}`]);

const unix = (d: Date, round: 'floor' | 'ceil' = 'floor') => Math[round](d.getTime() / 1000);

const CATEGORY: Record<number, string> = { 1: 'body', 4: 'cardio', 16: 'activity', 44: 'sleep' };

/** The signed webhook's JSON body, for partners' events and registered targets' (external-targets.ts). */
export function webhookEnvelope(
  id: string,
  type: WebhookEvent | (string & {}),
  at: Date,
  data: Record<string, unknown>,
) {
  return { id, type, createdAt: at.toISOString(), data };
}

export function pending(now: Date) {
  return { status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now };
}

/**
 * recordDataChanges has something to do for the user ($1): a connected app (connections.repo
 * `listActive`). Answered with the account's read by the ingest, which then skips the listener.
 */
export const HAS_CONNECTED_APP =
  'EXISTS (SELECT 1 FROM partner_connections WHERE user_id = $1::uuid AND disconnected_at IS NULL)';

/** New, corrected or deleted data of a user (called from the health-data store's write path). */
export async function recordDataChanges(tx: Executor, userId: string, changes: DataChanges, now: Date) {
  if (changes.isEmpty) return;
  const connections = await createConnectionsRepo(tx).listActive(userId, tx);
  if (!connections.length) return;
  const scopesOf = new Map(connections.map((c) => [c.clientId, c.scopes]));
  const ranges = changes.list();
  const rangeOf = new Map<number, ChangedRange>(ranges.map((r) => [r.appli, r]));
  const clientIds = [...scopesOf.keys()];
  const rows: NewDelivery[] = [];

  const subscriptions = await createNotifyRepo(tx).forApps(
    userId,
    clientIds,
    ranges.map((r) => r.appli),
    tx,
  );
  // Withings-style callbacks name the user as the token answer did: the public integer id.
  const userid = subscriptions.length ? await publicUserId(tx, userId) : 0;
  for (const sub of subscriptions) {
    const range = rangeOf.get(sub.appli);
    if (!range || !grantsAppli(scopesOf.get(sub.clientId) ?? [], sub.appli)) continue;
    rows.push({
      userId,
      id: randomUUID(),
      clientId: sub.clientId,
      channel: 'notify',
      event: `appli.${sub.appli}`,
      appli: sub.appli,
      subscriptionId: sub.id,
      url: sub.callbackUrl,
      payload: {
        userid,
        appli: sub.appli,
        startdate: unix(range.start),
        enddate: unix(range.end, 'ceil'),
      },
      ...pending(now),
    });
  }

  const webhooks = createWebhooksRepo(tx);
  for (const hook of await webhooks.webhooksOf(clientIds, tx)) {
    if (!hook.events.includes('measurements.changed')) continue;
    const visible = ranges.filter((r) => grantsAppli(scopesOf.get(hook.clientId) ?? [], r.appli));
    if (!visible.length) continue;
    const id = randomUUID();
    rows.push({
      userId,
      id,
      clientId: hook.clientId,
      channel: 'webhook',
      event: 'measurements.changed',
      url: hook.url,
      payload: webhookEnvelope(id, 'measurements.changed', now, {
        userId,
        changes: visible.map((r) => ({
          category: CATEGORY[r.appli],
          appli: r.appli,
          startDate: r.start.toISOString(),
          endDate: r.end.toISOString(),
        })),
      }),
      ...pending(now),
    });
  }
  await webhooks.insertDeliveries(rows, tx);
}

/** The user-event notices (appli 46 subscriptions and the generic webhook) to some of a user's apps. */
async function recordUserEvent(
  tx: Executor,
  userId: string,
  clientIds: string[],
  event: 'connection.revoked' | 'user.erased',
  now: Date,
) {
  if (!clientIds.length) return;
  const rows: NewDelivery[] = [];
  const action = event === 'user.erased' ? 'delete' : 'unlink';
  const subscriptions = await createNotifyRepo(tx).forApps(userId, clientIds, [USER_EVENT_APPLI], tx);
  const userid = subscriptions.length ? await publicUserId(tx, userId) : 0;
  for (const sub of subscriptions) {
    rows.push({
      userId,
      id: randomUUID(),
      clientId: sub.clientId,
      channel: 'notify',
      event: `appli.${USER_EVENT_APPLI}`,
      appli: USER_EVENT_APPLI,
      subscriptionId: sub.id,
      url: sub.callbackUrl,
      payload: {
        userid,
        appli: USER_EVENT_APPLI,
        action,
        date: unix(now),
        startdate: unix(now),
        enddate: unix(now),
      },
      ...pending(now),
    });
  }
  const webhooks = createWebhooksRepo(tx);
  for (const hook of await webhooks.webhooksOf(clientIds, tx)) {
    if (!hook.events.includes(event)) continue;
    const id = randomUUID();
    rows.push({
      userId,
      id,
      clientId: hook.clientId,
      channel: 'webhook',
      event,
      url: hook.url,
      payload: webhookEnvelope(id, event, now, { userId }),
      ...pending(now),
    });
  }
  await webhooks.insertDeliveries(rows, tx);
}

/**
 * At the erasure request, in its transaction and BEFORE the connections end: every connected partner
 * is told the user is gone (appli 46 `action=delete`, webhook `user.erased`), so it can delete its copy.
 */
export async function notifyPartnersOfErasure(tx: Executor, userId: string, now: Date) {
  const connections = await createConnectionsRepo(tx).listActive(userId, tx);
  await recordUserEvent(
    tx,
    userId,
    connections.map((c) => c.clientId),
    'user.erased',
    now,
  );
}

/** The user disconnected an app (call in the disconnect's transaction): its last notice, `unlink`. */
export async function notifyPartnerOfDisconnect(tx: Executor, userId: string, clientId: string, now: Date) {
  await recordUserEvent(tx, userId, [clientId], 'connection.revoked', now);
  // Subscriptions end with the connection (the unlink notice above carries its own URL and is sent
  // without one), so connecting again does not revive them, as on the original.
  await createNotifyRepo(tx).deleteForConnection(userId, clientId, tx);
}
