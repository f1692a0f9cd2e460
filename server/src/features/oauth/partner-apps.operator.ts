import type { PartnerAppInput } from '@vitalbase/core';
import { asc } from 'drizzle-orm';
import type { Database } from '../../db/client';
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
const operatorContext = (database: Database) => ({ database, now: () => new Date() });

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
  database: Database,
  input: OperatorPartnerAppInput,
): Promise<RegisteredApp> {
  return createPartnerAppsService(operatorContext(database)).register({
    ...(input as PartnerAppInput),
    ownerUserId: null,
  });
}

export function listPartnerAppsAsOperator(database: Database): Promise<PartnerAppRow[]> {
  return database.db
    .select()
    .from(partnerApps)
    .orderBy(asc(partnerApps.createdAt), asc(partnerApps.clientId));
}

/**
 * Deletes any app as its owner would (app-removal.ts): its grants and tokens go, connected users are
 * disconnected, its webhook settings and delivery log go.
 */
export async function deletePartnerAppAsOperator(
  database: Database,
  clientId: string,
): Promise<PartnerAppRow> {
  const app = await createPartnerAppsRepo(database.db).find(clientId);
  if (!app) throw new NotFound('Partner app');
  await database.db.transaction((tx) => removePartnerApp(tx, clientId, new Date()));
  return app;
}
