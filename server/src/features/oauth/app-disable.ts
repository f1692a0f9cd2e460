import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound, Unauthorized } from '../../lib/errors';
import { partnerApps } from './oauth.schema';
import { createPartnerAppsRepo, type PartnerAppRow } from './partner-apps.repo';

/**
 * An app the operator disabled (issue #16) is kept, not removed: its connections, grants, tokens and
 * every user's history stay, so enabling it again restores everything. While it is disabled, every
 * door refuses it: its tokens (partner-auth.ts, system-clients.ts), the OAuth endpoints (the client
 * is not found: oidc-adapter.ts, with the words below), and its webhooks wait (webhooks feature).
 */
export const APP_DISABLED_MESSAGE = 'This app has been disabled by the operator of this service.';

export const appDisabled = () => new Unauthorized(APP_DISABLED_MESSAGE, 'app_disabled');

/** Whether this client id names an app the operator disabled (false for an unknown one). */
export async function isAppDisabled(db: Executor, clientId: string): Promise<boolean> {
  const [row] = await db
    .select({ disabledAt: partnerApps.disabledAt })
    .from(partnerApps)
    .where(eq(partnerApps.clientId, clientId));
  return Boolean(row?.disabledAt);
}

type OperatorContext = Pick<AppContext, 'database' | 'now'>;

/** Disables an app with the operator's reason (shown to the app's users in their privacy center). */
export async function disablePartnerAppAsOperator(
  ctx: OperatorContext,
  clientId: string,
  reason: string,
): Promise<PartnerAppRow> {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new Invalid('Give a reason (3 to 500 characters).');
  return setDisabled(ctx, clientId, { disabledAt: ctx.now(), disabledReason: text });
}

/** Enables a disabled app: its tokens, connections and webhooks work again. */
export function enablePartnerAppAsOperator(ctx: OperatorContext, clientId: string): Promise<PartnerAppRow> {
  return setDisabled(ctx, clientId, { disabledAt: null, disabledReason: null });
}

async function setDisabled(
  ctx: OperatorContext,
  clientId: string,
  state: { disabledAt: Date | null; disabledReason: string | null },
): Promise<PartnerAppRow> {
  const row = await createPartnerAppsRepo(ctx.database.db).update(clientId, {
    ...state,
    updatedAt: ctx.now(),
  });
  if (!row) throw new NotFound('Partner app');
  return row;
}
