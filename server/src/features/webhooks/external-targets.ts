import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client';
import { pending, webhookEnvelope } from './partner-events';
import { createWebhooksRepo } from './webhooks.repo';

/** Where a registered target's deliveries go now, and the secret they are signed with. */
export interface WebhookEndpoint {
  url: string;
  secret: string;
}

/**
 * A receiver of signed webhooks that is not a partner app (a clinic's own systems, issue #15): the
 * feature that owns it registers, under a prefix of the delivery's `client_id` (`clinic:`), how to
 * find its endpoint in force. Its deliveries then take the partners' path: the same outbox, signature
 * (signature.ts), SSRF guard, attempt log and retry schedule (delivery.service.ts). No endpoint any
 * more: the delivery is cancelled. The dependency runs one way: the owner imports webhooks.
 */
export interface WebhookTarget {
  endpoint(db: Executor, clientId: string): Promise<WebhookEndpoint | undefined>;
}

const targets = new Map<string, WebhookTarget>();

/** Plugged in by the composition root (features/index.ts). */
export function registerWebhookTarget(prefix: string, target: WebhookTarget): void {
  targets.set(prefix, target);
}

export function webhookTargetOf(clientId: string): WebhookTarget | undefined {
  for (const [prefix, target] of targets) if (clientId.startsWith(prefix)) return target;
  return undefined;
}

/**
 * Writes a signed event to a registered target into the outbox, in the caller's transaction (so a
 * rolled-back change sends nothing). `userId` is whose row it is (erased with them); `data` carries
 * identifiers and times, never a health value.
 */
export async function recordTargetEvent(
  tx: Executor,
  event: { userId: string; clientId: string; url: string; type: string; data: Record<string, unknown> },
  now: Date,
): Promise<void> {
  if (!webhookTargetOf(event.clientId)) throw new Error(`no webhook target for ${event.clientId}`);
  const id = randomUUID();
  await createWebhooksRepo(tx).insertDeliveries(
    [
      {
        userId: event.userId,
        id,
        clientId: event.clientId,
        channel: 'webhook',
        event: event.type,
        url: event.url,
        payload: webhookEnvelope(id, event.type, now, event.data),
        ...pending(now),
      },
    ],
    tx,
  );
}
