import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../lib/context';
// Each feature through its face (index.ts), lowest first: a feature imports only features listed
// before it (audit and mail, below them all, are used by features, not wired here).
import { plugAccessCheck, plugStaffNameLookup, registerAccessLog } from './access-log';
import { plugIntoAccounts, plugSessionFact, registerAccounts } from './accounts';
import { createPoliciesService, policySessionFact, registerPolicies } from './policies';
import { createGuardianService, registerConsentPurpose, registerConsents } from './consents';
import { onHealthWrite, recomputeLocalDays, registerHealthData } from './health-data';
import { registerDevices } from './devices';
import { createSecondFactorRepo, registerSecondFactor } from './second-factor';
import { createPersonalAccessTokenResolver, registerTokens } from './tokens';
import { assertPartnerConnection, onPartnerAppRemoval, onPartnerDisconnect, registerOAuth } from './oauth';
import {
  DataChanges,
  forgetPartnerAppInWebhooks,
  notifyPartnerOfDisconnect,
  HAS_CONNECTED_APP,
  recordDataChanges,
  registerWebhooks,
  registerWebhookTarget,
} from './webhooks';
import { onErasureForgetRows, onErasurePurge, registerErasure } from './erasure';
import { registerFhir } from './fhir';
import { registerGoals } from './goals';
import { deleteUserExportFiles, registerExport } from './export';
import { deleteUserImportFiles, registerImports } from './imports';
import { registerPrivacyRequests } from './privacy-requests';
import { registerWbsapi, registerWbsapiNotify } from './wbsapi';
import {
  assertClinicShare,
  assertClinicShares,
  CLINIC_TARGET_PREFIX,
  clinicWebhookTarget,
  evaluateThresholds,
  IS_ENROLLED,
  registerClinics,
  RPM_CONSENT,
  rpmConsentWording,
} from './clinics';
import { registerSupport } from './support';
import { forgetStaffInOperator, registerOperator, staffDisplayNames } from './operator';
import { forgetStaffInLifecycle, registerLifecycle } from './lifecycle';
import { forgetStaffInLegal, registerLegal } from './legal';

/*
 * The wiring, once, in dependency order. Where a feature must react to another's work, the lower one
 * offers a list or a slot to plug into and the higher one is plugged in here, so every import between
 * features runs one way (feature-boundaries.test.ts). It runs at import, before any app, job or CLI
 * command can use a feature.
 */
plugIntoAccounts({
  secondFactorEnabled: (db, userId) => createSecondFactorRepo(db).isEnabled(userId),
  sendGuardianLink: (ctx, child, parentEmail) => createGuardianService(ctx).sendLink(child, parentEmail),
  signUpPolicies: (ctx) => {
    const policies = createPoliciesService(ctx);
    return {
      check: policies.checkSignUpVersions,
      record: policies.recordSignUpAcceptance,
      owed: policies.owedAtCreation,
    };
  },
  timeZoneChanged: recomputeLocalDays, // daily totals and resting heart rate on the new local day
});
// The policy gate's records, read in the session lookup's statement on the routes it holds (issue 17).
plugSessionFact('policyRecords', policySessionFact);
plugAccessCheck('partner', assertPartnerConnection); // partner reads: the connection and its scopes
// care-team reads: staff now, the patient shares that category (a page of patients checked at once)
plugAccessCheck('clinician', assertClinicShare, assertClinicShares);
plugStaffNameLookup(staffDisplayNames); // staff reads in users' access logs: named while the account exists
registerConsentPurpose(RPM_CONSENT, rpmConsentWording); // a patient's express consent to a clinic's monitoring
onErasurePurge(deleteUserExportFiles); // the export's archives
onErasureForgetRows(forgetStaffInLifecycle); // who suspended, lifted, scheduled: a former staff member
onErasureForgetRows(forgetStaffInLegal); // who recorded a legal disclosure
onErasureForgetRows(forgetStaffInOperator); // who granted a staff role
onErasurePurge(deleteUserImportFiles); // uploads waiting to be imported
onPartnerAppRemoval(forgetPartnerAppInWebhooks); // endpoint, secret, notify subscriptions, delivery log
onPartnerDisconnect(notifyPartnerOfDisconnect); // the app's last notice (appli 46 / connection.revoked)
registerWebhookTarget(CLINIC_TARGET_PREFIX, clinicWebhookTarget); // a clinic's escalations, signed like partners'
// Every write of health data fills the partners' outbox in its own transaction.
// (Each skipped, without a statement, for a user its check says it has nothing to do for.)
onHealthWrite(
  (tx, userId, written, now) => recordDataChanges(tx, userId, DataChanges.of(written), now),
  HAS_CONNECTED_APP,
);
// ... and judges it against the thresholds of the clinics the patient shares it with (alert episodes).
onHealthWrite(evaluateThresholds, IS_ENROLLED);

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
  await registerImports(app, ctx);
  await registerWbsapi(app, ctx);
  await registerWbsapiNotify(app, ctx);
  await registerFhir(app, ctx);
  await registerClinics(app, ctx);
  await registerSupport(app, ctx);
  await registerOperator(app, ctx);
  await registerLifecycle(app, ctx);
  await registerLegal(app, ctx);
}
