import type { PartnerAppInput } from '@vitalbase/core';
import { asc } from 'drizzle-orm';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { removePartnerApp } from './app-removal';
import { partnerApps } from './oauth.schema';
import { createPartnerAppsRepo, type PartnerAppRow } from './partner-apps.repo';
import { createPartnerAppsService, type RegisteredApp } from './partner-apps.service';

/**
 * What the operator does with partner apps from the command line (`vitalbase partner-app …`). The
 * operator registers apps the instance itself vouches for (no owner account) and sees and deletes any
 * app: partner_apps is a global catalog, so listing it reads no user's data.
 */
type OperatorContext = Pick<AppContext, 'database' | 'now'>;

/** Input as typed on a command line: the service validates it (scopes, redirect URIs) before storing. */
export interface OperatorPartnerAppInput {
  name: string;
  redirectUris: string[];
  scopes: string[];
  logoUri?: string;
  public?: boolean;
  /** Confidential apps only: require PKCE (off by default, so Withings clients work). */
  pkceRequired?: boolean;
}

export function registerPartnerAppAsOperator(
  ctx: OperatorContext,
  input: OperatorPartnerAppInput,
): Promise<RegisteredApp> {
  return createPartnerAppsService(ctx).register({
    ...(input as PartnerAppInput),
    ownerUserId: null,
  });
}

export function listPartnerAppsAsOperator(ctx: OperatorContext): Promise<PartnerAppRow[]> {
  return ctx.database.db
    .select()
    .from(partnerApps)
    .orderBy(asc(partnerApps.createdAt), asc(partnerApps.clientId));
}

/**
 * Deletes any app as its owner would (app-removal.ts): its grants and tokens go, connected users are
 * disconnected, its webhook settings and delivery log go.
 */
export async function deletePartnerAppAsOperator(
  ctx: OperatorContext,
  clientId: string,
): Promise<PartnerAppRow> {
  const app = await createPartnerAppsRepo(ctx.database.db).find(clientId);
  if (!app) throw new NotFound('Partner app');
  await ctx.database.db.transaction((tx) => removePartnerApp(tx, clientId, ctx.now()));
  return app;
}
