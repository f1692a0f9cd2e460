import type { AppContext } from '../../lib/context';
import { createConnectionsRepo } from '../oauth';
import { createPartnerAppsRepo, isAppDisabled } from '../oauth';
import { createNotifyRepo } from './notify-subscriptions.repo';
import { type SendOutcome, sendToPartner } from './http-sender';
import { LIFECYCLE_EVENTS } from './partner-events';
import { webhookTargetOf } from './external-targets';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { createWebhooksRepo, type DeliveryRow } from './webhooks.repo';

export const DELIVER_JOB = 'webhooks.deliver';
export const DISPATCH_JOB = 'webhooks.dispatch';

/** The original's schedule: at once, then +10 s, +1 min, +1 h, +4 h after each failure; then given up. */
export const RETRY_DELAYS_MS = [10_000, 60_000, 3_600_000, 4 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** While the operator has disabled the app, its deliveries wait and are looked at again this often. */
const DISABLED_APP_RECHECK_MS = 10 * 60_000;
/** A job sent this long ago without an attempt was lost (a backlog may delay a job's start for long). */
const LOST_JOB_MS = 20 * 60_000;
/**
 * The deliver job's expiry: pg-boss abandons a run this old. An attempt claimed this long ago that has
 * not ended was cut off (its worker lost the database in a failover; a partner call gives up after 5 s),
 * so the dispatcher queues the delivery again.
 */
export const DELIVER_JOB_EXPIRE_SECONDS = 60;
const ATTEMPT_CUT_OFF_MS = DELIVER_JOB_EXPIRE_SECONDS * 1000;

export type DeliveryJobData = { userId: string; deliveryId: string };
export type AttemptResult = 'delivered' | 'retrying' | 'failed' | 'cancelled' | 'not_due' | 'gone' | 'paused';

type Ctx = Pick<AppContext, 'database' | 'config' | 'now' | 'log' | 'jobs'>;

/** Why a delivery must not be sent any more, or undefined when it may. Checked at every attempt. */
async function cancelReason(ctx: Ctx, d: DeliveryRow): Promise<string | undefined> {
  const db = ctx.database.db;
  const target = webhookTargetOf(d.clientId);
  if (target) return (await target.endpoint(db, d.clientId)) ? undefined : 'the endpoint was removed';
  if (!(await createPartnerAppsRepo(db).find(d.clientId))) return 'the app was deleted';
  // Disconnect: data stops at once; only the notice of the end itself still goes out.
  if (!LIFECYCLE_EVENTS.has(d.event) && !(await createConnectionsRepo(db).findActive(d.userId, d.clientId))) {
    return 'the user disconnected the app';
  }
  if (d.channel === 'notify') {
    const sub = d.subscriptionId
      ? await createNotifyRepo(db).findById(d.userId, d.subscriptionId)
      : undefined;
    if (!sub && !LIFECYCLE_EVENTS.has(d.event)) return 'the subscription was revoked';
    return undefined;
  }
  const hook = await createWebhooksRepo(db).findWebhook(d.clientId);
  if (!hook?.events.includes(d.event)) return 'the app no longer takes this event';
  return undefined;
}

async function send(ctx: Ctx, d: DeliveryRow): Promise<SendOutcome> {
  const policy = { allowPrivateNetwork: ctx.config.webhooksAllowPrivateNetwork };
  if (d.channel === 'notify') {
    const form = new URLSearchParams(
      Object.entries(d.payload).map(([k, v]): [string, string] => [k, String(v)]),
    );
    return sendToPartner(
      {
        method: 'POST',
        url: d.url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      },
      policy,
    );
  }
  // The endpoint and secret in force now: an owner who fixed the URL or rotated the secret is heard.
  const target = webhookTargetOf(d.clientId);
  const hook = target
    ? await target.endpoint(ctx.database.db, d.clientId)
    : await createWebhooksRepo(ctx.database.db).findWebhook(d.clientId);
  if (!hook) return { error: 'no webhook endpoint', durationMs: 0 };
  const body = JSON.stringify(d.payload);
  const t = Math.floor(ctx.now().getTime() / 1000);
  return sendToPartner(
    {
      method: 'POST',
      url: hook.url,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(hook.secret, t, body),
        'Vitalbase-Event': d.event,
        'Vitalbase-Delivery': d.id,
      },
      body,
    },
    policy,
  );
}

/**
 * One attempt of one delivery (the `webhooks.deliver` job): checks it is still wanted, claims the
 * attempt, calls the partner, logs the attempt, and schedules the next one on the original's schedule
 * (a queue job with an explicit startAfter) or gives up after the last.
 */
export async function attemptDelivery(
  ctx: Ctx,
  { userId, deliveryId }: DeliveryJobData,
): Promise<AttemptResult> {
  const repo = createWebhooksRepo(ctx.database.db);
  const d = await repo.findDelivery(userId, deliveryId);
  if (d?.status !== 'pending') return 'gone';
  const now = ctx.now();
  if (d.nextAttemptAt && d.nextAttemptAt.getTime() > now.getTime()) {
    // Early (clocks differ): put it back for when it is due.
    await queueAttempt(ctx, d, d.nextAttemptAt.getTime() - now.getTime());
    return 'not_due';
  }
  const reason = await cancelReason(ctx, d);
  if (reason) {
    await repo.update(userId, deliveryId, {
      status: 'cancelled',
      lastError: reason,
      nextAttemptAt: null,
      updatedAt: now,
    });
    return 'cancelled';
  }
  if (await isAppDisabled(ctx.database.db, d.clientId)) {
    // Paused, not cancelled: no attempt is spent, and enabling the app sends what waited.
    const later = { ...d, nextAttemptAt: new Date(now.getTime() + DISABLED_APP_RECHECK_MS) };
    await repo.update(userId, deliveryId, {
      nextAttemptAt: later.nextAttemptAt,
      dispatchedAt: null,
      updatedAt: now,
    });
    await queueAttempt(ctx, later, DISABLED_APP_RECHECK_MS);
    return 'paused';
  }
  const claimed = await repo.claimAttempt(userId, deliveryId, d.attempts, now);
  if (!claimed) return 'gone';
  const attempt = claimed.attempts;
  const outcome = await send(ctx, claimed);
  const ok = outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const error = ok ? null : (outcome.error ?? `HTTP ${outcome.statusCode}`);
  await repo.insertAttempt({
    userId,
    deliveryId,
    attempt,
    startedAt: now,
    durationMs: outcome.durationMs,
    statusCode: outcome.statusCode ?? null,
    error,
  });
  const done = ctx.now();
  const last = { lastStatusCode: outcome.statusCode ?? null, lastError: error, updatedAt: done };
  if (ok) {
    await repo.update(userId, deliveryId, { ...last, status: 'delivered', nextAttemptAt: null });
    return 'delivered';
  }
  const delay = RETRY_DELAYS_MS[attempt - 1];
  if (delay === undefined) {
    await repo.update(userId, deliveryId, { ...last, status: 'failed', nextAttemptAt: null });
    ctx.log.info({ clientId: d.clientId, deliveryId, attempts: attempt }, 'webhook delivery given up');
    return 'failed';
  }
  const next = { ...claimed, nextAttemptAt: new Date(now.getTime() + delay) };
  await repo.update(userId, deliveryId, { ...last, nextAttemptAt: next.nextAttemptAt, dispatchedAt: null });
  await queueAttempt(ctx, next, delay);
  return 'retrying';
}

/** Sends the job of a delivery's next attempt, `delayMs` from now; without a queue the dispatcher will. */
async function queueAttempt(ctx: Ctx, d: DeliveryRow, delayMs: number) {
  if (!ctx.jobs) return;
  const data: DeliveryJobData = { userId: d.userId, deliveryId: d.id };
  // Relative seconds: pg-boss counts them on the database's clock, whatever this process's says.
  await ctx.jobs.send(DELIVER_JOB, data, { startAfter: Math.max(0, Math.ceil(delayMs / 1000)) });
  await createWebhooksRepo(ctx.database.db).markDispatched(d.userId, d.id, d.attempts, ctx.now());
}

/**
 * The dispatcher: queues the first attempt of new deliveries (written in data transactions, which
 * cannot send jobs themselves) and re-queues attempts whose job was lost. Answers how many it queued.
 */
export async function dispatchDue(ctx: Ctx, limit = 500): Promise<number> {
  if (!ctx.jobs) return 0;
  const now = ctx.now();
  const repo = createWebhooksRepo(ctx.database.db);
  const due = await repo.dueForDispatch(
    now,
    {
      lostBefore: new Date(now.getTime() - LOST_JOB_MS),
      cutOffBefore: new Date(now.getTime() - ATTEMPT_CUT_OFF_MS),
    },
    limit,
  );
  for (const d of due) {
    await ctx.jobs.send(DELIVER_JOB, { userId: d.userId, deliveryId: d.id } satisfies DeliveryJobData);
    await repo.markDispatched(d.userId, d.id, d.attempts, now);
  }
  return due.length;
}
