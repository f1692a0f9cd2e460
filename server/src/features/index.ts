import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../lib/context';
import { registerAccounts } from './accounts/accounts.routes';
import { registerSecondFactor } from './second-factor/second-factor.routes';
import { registerTokens } from './tokens/tokens.routes';
import { registerDevices } from './devices/devices.routes';
import { registerHealthData } from './health-data/health-data.routes';
import { registerConsents } from './consents/consents.routes';
import { registerAccessLog } from './access-log/access-log.routes';
import { registerGoals } from './goals/goals.routes';
import { registerErasure } from './erasure/erasure.routes';
import { registerOAuth } from './oauth/oauth.routes';
import { registerPolicies } from './policies/policies.routes';
import { registerPrivacyRequests } from './privacy-requests/privacy-requests.routes';
import { registerWebhooks } from './webhooks/webhooks.routes';
import { registerExport } from './export/export.routes';
import { registerWbsapi } from './wbsapi/wbsapi.routes';
import { registerWbsapiNotify } from './wbsapi/notify.routes';
import { registerFhir } from './fhir/fhir.routes';
import { plugAccessCheck } from './access-log/access-checks';
import { assertPartnerConnection } from './oauth/partner-access-check';
import { createPersonalAccessTokenResolver } from './tokens/token-resolver';
import { plugIntoAccounts } from './accounts/account-plugs';
import { createSecondFactorRepo } from './second-factor/second-factor.repo';
import { createGuardianService } from './consents/guardian.service';
import { onErasurePurge } from './erasure/forget-hooks';
import { deleteUserExportFiles } from './export/export.service';
import { onPartnerAppRemoval, onPartnerDisconnect } from './oauth/partner-app-hooks';
import { forgetPartnerAppInWebhooks } from './webhooks/app-removal';
import { notifyPartnerOfDisconnect, recordDataChanges } from './webhooks/partner-events';
import { onHealthWrite } from './health-data/health-writes';
import { DataChanges } from './webhooks/data-changes';

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
