export { createApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { openDatabase } from './db/client';
export { startServer } from './main';
export { factoryKey } from './features/devices/factory-key';
export type { Database } from './db/client';
export * from './features/accounts/operator.service';
export { sendCampaignAsOperator } from './features/consents/campaign.service';
export { listPoliciesAsOperator, publishPolicyAsOperator } from './features/policies/policies.operator';
export {
  answerPrivacyRequestFromCli,
  listPrivacyRequestsAsOperator,
  showPrivacyRequestAsOperator,
} from './features/privacy-requests/privacy-requests.operator';
export * from './features/oauth/partner-apps.operator';
export { buildExport, type ExportProgress } from './features/export/build-export';
export { exportUserDataAsOperator } from './features/export/operator-export';
export { type ChainReport, verifyAuditChains } from './features/audit/audit-chain';
