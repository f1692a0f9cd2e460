import { isPartnerScope, partnerScopeWords } from '@vitalbase/core';
import type { RequestMeta } from '../../lib/request-meta';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { recordSecurityEvent } from '../accounts';
import { createUsersRepo } from '../accounts';
import { runDisconnectHooks } from './partner-app-hooks';
import { createConnectionsRepo } from './connections.repo';
import { endConnections } from './partner-auth';
import { createPartnerAppsRepo } from './partner-apps.repo';

/** The user's Connected apps page: what each app may read, when it last did, and Disconnect. */
export function createConnectedAppsService(ctx: AppContext) {
  const db = ctx.database.db;
  const connections = createConnectionsRepo(db);
  const apps = createPartnerAppsRepo(db);
  const users = createUsersRepo(db);

  return {
    async list(userId: string) {
      const [rows, user] = await Promise.all([connections.listActive(userId), users.findById(userId)]);
      const items = [];
      for (const row of rows) {
        const app = await apps.find(row.clientId);
        if (!app) continue; // a deleted app: its tokens fail already
        items.push({
          clientId: app.clientId,
          name: app.name,
          logoUri: app.logoUri,
          scopes: row.scopes
            .filter(isPartnerScope)
            .map((scope) => ({ scope, title: partnerScopeWords(scope, user?.locale).title })),
          connectedAt: row.connectedAt.toISOString(),
          lastReadAt: row.lastReadAt?.toISOString() ?? null,
          disabledByOperator: app.disabledAt
            ? { at: app.disabledAt.toISOString(), reason: app.disabledReason ?? '' }
            : null,
        });
      }
      return { items };
    },

    /** From this moment the app's tokens fail and its webhooks stop. */
    async disconnect(meta: RequestMeta, userId: string, clientId: string): Promise<void> {
      const ended = await db.transaction(async (tx) => {
        // The app's last notice (appli 46 unlink / connection.revoked), only if it was connected.
        if (await connections.findActive(userId, clientId, tx))
          await runDisconnectHooks(tx, userId, clientId, ctx.now());
        return endConnections(tx, userId, ctx.now(), clientId);
      });
      if (ended.length === 0) throw new NotFound('Connected app');
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'partner_app_disconnected',
        details: { clientId },
      });
    },
  };
}
