import {
  type DeliveriesPage,
  type DeliveryOut,
  type WebhookEvent,
  type WebhookSettingsIn,
  type WebhookSettingsOut,
  webhookEvents,
} from '@vitalbase/core';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound } from '../../lib/errors';
import { cursorField, decodeCursor, encodeCursor } from '../../db/cursor';
import { createPartnerAppsRepo } from '../oauth';
import { newWebhookSecret } from './signature';
import { callbackUrlProblem } from './url-guard';
import { type AppWebhookRow, createWebhooksRepo } from './webhooks.repo';

function present(row: AppWebhookRow, secret?: string): WebhookSettingsOut {
  return {
    url: row.url,
    events: row.events as WebhookEvent[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}

const deliveriesCursor = z.strictObject({ c: cursorField.instant, i: cursorField.uuid });

/** The owner's side of an app's webhooks: endpoint settings and the delivery log. */
export function createWebhookSettingsService(ctx: Pick<AppContext, 'database' | 'config' | 'now'>) {
  const db = ctx.database.db;
  const apps = createPartnerAppsRepo(db);
  const repo = createWebhooksRepo(db);

  /** Another user's app, or none: 404 alike. */
  async function ownedApp(userId: string, clientId: string) {
    const app = await apps.findOwned(userId, clientId);
    if (!app) throw new NotFound('App');
    return app;
  }

  return {
    async get(userId: string, clientId: string): Promise<WebhookSettingsOut | null> {
      await ownedApp(userId, clientId);
      const row = await repo.findWebhook(clientId);
      return row ? present(row) : null;
    },

    /** Sets the endpoint; the signing secret is made on first set and shown then only. */
    async set(userId: string, clientId: string, input: WebhookSettingsIn): Promise<WebhookSettingsOut> {
      await ownedApp(userId, clientId);
      const problem = callbackUrlProblem(input.url, {
        allowPrivateNetwork: ctx.config.webhooksAllowPrivateNetwork,
      });
      if (problem) throw new Invalid(problem, [{ path: 'url', code: 'invalid_url', message: problem }]);
      const existing = await repo.findWebhook(clientId);
      const secret = existing?.secret ?? newWebhookSecret();
      const events = [...new Set(input.events ?? webhookEvents)];
      const row = await repo.saveWebhook({ clientId, url: input.url, events, secret, at: ctx.now() });
      return present(row, existing ? undefined : secret);
    },

    async rotateSecret(userId: string, clientId: string): Promise<{ secret: string }> {
      await ownedApp(userId, clientId);
      const existing = await repo.findWebhook(clientId);
      if (!existing) throw new NotFound('Webhook');
      const secret = newWebhookSecret();
      await repo.saveWebhook({ ...existing, secret, at: ctx.now() });
      return { secret };
    },

    async remove(userId: string, clientId: string): Promise<void> {
      await ownedApp(userId, clientId);
      if (!(await repo.deleteWebhook(clientId))) throw new NotFound('Webhook');
    },

    async deliveries(
      userId: string,
      clientId: string,
      query: { limit: number; cursor?: string },
    ): Promise<DeliveriesPage> {
      await ownedApp(userId, clientId);
      const after = decodeCursor(query.cursor, deliveriesCursor);
      const rows = await repo.pageForApp(
        clientId,
        after ? { createdAt: after.c, id: after.i } : undefined,
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const attempts = await repo.attemptsOf(page);
      const items: DeliveryOut[] = page.map((d) => ({
        id: d.id,
        channel: d.channel,
        event: d.event,
        appli: d.appli,
        userId: d.userId,
        url: d.url,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        attemptLog: attempts
          .filter((a) => a.deliveryId === d.id && a.userId === d.userId)
          .map((a) => ({
            attempt: a.attempt,
            at: a.startedAt.toISOString(),
            statusCode: a.statusCode,
            error: a.error,
            durationMs: a.durationMs,
          })),
      }));
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor({ c: last.cursorAt, i: last.id }) : null;
      return { items, nextCursor };
    },
  };
}
