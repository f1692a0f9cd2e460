import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../lib/context';
import { registerAccounts } from './accounts';
import { registerSecondFactor } from './second-factor';
import { registerTokens } from './tokens';
import { registerDevices } from './devices';
import { registerHealthData } from './health-data';
import { registerConsents } from './consents';
import { registerAccessLog } from './access-log';
import { registerGoals } from './goals';
import { registerErasure } from './erasure';
import { registerOAuth } from './oauth';
import { registerPolicies } from './policies';
import { registerPrivacyRequests } from './privacy-requests';
import { registerWebhooks } from './webhooks';
import { registerExport } from './export';
import { registerWbsapi } from './wbsapi';
import { registerWbsapiNotify } from './wbsapi';
import { registerFhir } from './fhir';
import { plugAccessCheck } from './access-log';
import { assertPartnerConnection } from './oauth';
import { createPersonalAccessTokenResolver } from './tokens';
import { plugIntoAccounts } from './accounts';
import { createSecondFactorRepo } from './second-factor';
import { createGuardianService } from './consents';
import { onErasurePurge } from './erasure';
import { deleteUserExportFiles } from './export';
import { onPartnerAppRemoval, onPartnerDisconnect } from './oauth';
import { forgetPartnerAppInWebhooks } from './webhooks';
import { notifyPartnerOfDisconnect, recordDataChanges } from './webhooks';
import { onHealthWrite } from './health-data';
import { DataChanges } from './webhooks';

/*
 * The wiring, once, in dependency order. Where a feature must react to another's work, the lower one
 * offers a list or a slot to plug into and the higher one is plugged in here, so every import between
 * features runs one way (feature-boundaries.test.ts). It runs at import, before any app, job or CLI
 * command can use a feature.
 */
plugIntoAccounts({
  secondFactorEnabled: (db, userId) => createSecondFactorRepo(db).isEnabled(userId),
  sendGuardianLink: (ctx, child, parentEmail) => createGuardianService(ctx).sendLink(child, parentEmail),
});
plugAccessCheck('partner', assertPartnerConnection); // partner reads: the connection and its scopes
onErasurePurge(deleteUserExportFiles); // the export's archives
onPartnerAppRemoval(forgetPartnerAppInWebhooks); // endpoint, secret, notify subscriptions, delivery log
onPartnerDisconnect(notifyPartnerOfDisconnect); // the app's last notice (appli 46 / connection.revoked)
// Every write of health data fills the partners' outbox in its own transaction.
onHealthWrite((tx, userId, written, now) => recordDataChanges(tx, userId, DataChanges.of(written), now));

/** Every feature module, in the order their routes and hooks are registered. */
export async function registerFeatures(app: FastifyInstance, ctx: AppContext) {
  await registerAccounts(app, ctx, [createPersonalAccessTokenResolver(ctx)]);
  await registerSecondFactor(app, ctx);
  await registerTokens(app, ctx);
  await registerDevices(app, ctx);
  await registerHealthData(app, ctx);
  await registerConsents(app, ctx);
  await registerAccessLog(app, ctx);
  await registerGoals(app, ctx);
  await registerErasure(app, ctx);
  await registerOAuth(app, ctx);
  await registerPolicies(app, ctx);
  await registerPrivacyRequests(app, ctx);
  await registerWebhooks(app, ctx);
  await registerExport(app, ctx);
  await registerWbsapi(app, ctx);
  await registerWbsapiNotify(app, ctx);
  await registerFhir(app, ctx);
}
