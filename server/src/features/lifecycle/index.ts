// The lifecycle feature's public face (issue #16: inactivity, suspensions, maintenance): the only file
// another feature imports (docs/architecture.md).
export { lifecycleJobs } from './lifecycle.jobs';
export { registerLifecycle } from './lifecycle.routes';
export { createMaintenanceService } from './maintenance.service';
export { createSuspensionService } from './suspension.service';
export { findAccount } from './find-account';
export { forgetStaffInLifecycle } from './forget-staff';
