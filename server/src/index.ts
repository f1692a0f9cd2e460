export { createApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { openDatabase } from './db/client';
export { type AppContext, createAppContext } from './lib/context';
export { prepareDatabase, startServer } from './main';
export { createFirmwareCatalog, factoryKey } from './features/devices';
export type { Database } from './db/client';
export * from './features/accounts';
export { sendCampaignAsOperator } from './features/consents';
export { listPoliciesAsOperator, publishPolicyAsOperator } from './features/policies';
export {
  answerPrivacyRequestFromCli,
  listPrivacyRequestsAsOperator,
  showPrivacyRequestAsOperator,
} from './features/privacy-requests';
export * from './features/oauth';
export { buildExport, type ExportProgress } from './features/export';
export { exportUserDataAsOperator } from './features/export';
export { importForUserAsOperator } from './features/imports';
export { type ChainReport, verifyAuditChains } from './features/audit';
export {
  addClinicDeviceAsOperator,
  createClinicAsOperator,
  registerClinicBackendClientAsOperator,
} from './features/clinics';
export { createStaffService } from './features/operator';
export { createMaintenanceService, createSuspensionService, findAccount } from './features/lifecycle';
export { createDisclosuresService, createProcessorsService } from './features/legal';
export { backupInstallation, restoreInstallation } from './features/backup';
export { DataDirInUse } from './db/pglite-lock';
