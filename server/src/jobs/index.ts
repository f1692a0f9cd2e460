import { accountJobs } from '../features/accounts/accounts.jobs';
import { deviceJobs } from '../features/devices/devices.jobs';
import { privacyJobs } from '../features/erasure/erasure.jobs';
import { policyJobs } from '../features/policies/policies.jobs';
import { webhookJobs } from '../features/webhooks/webhooks.jobs';
import { exportJobs } from '../features/export/export.jobs';
import type { JobDefinition } from './job';
import { fhirJobs } from '../features/fhir/bulk-export.jobs';

export { defineJob, type JobDefinition } from './job';
export { type JobQueue, type StartJobsOptions, startJobs } from './queue';

/**
 * Every feature's background work, started by startServer when `JOBS` is on. A feature exports its
 * list from `features/<name>/<name>.jobs.ts` (e.g. `accountJobs`) and adds it here.
 */
export const allJobs: readonly JobDefinition<never>[] = [
  ...accountJobs,
  ...deviceJobs,
  ...privacyJobs,
  ...policyJobs,
  ...webhookJobs,
  ...exportJobs,
  ...fhirJobs,
];
