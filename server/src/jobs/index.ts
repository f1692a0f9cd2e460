import { accountJobs } from '../features/accounts';
import { deviceJobs } from '../features/devices';
import { privacyJobs } from '../features/erasure';
import { policyJobs } from '../features/policies';
import { webhookJobs } from '../features/webhooks';
import { exportJobs } from '../features/export';
import type { JobDefinition } from './job';
import { fhirJobs } from '../features/fhir';
import { clinicJobs } from '../features/clinics';
import { importJobs } from '../features/imports';
import { lifecycleJobs } from '../features/lifecycle';
import { legalJobs } from '../features/legal';
import { backupJobs } from '../features/backup';

export type { JobDefinition } from './job';
export { type JobQueue, startJobs } from './queue';

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
  ...clinicJobs,
  ...importJobs,
  ...lifecycleJobs,
  ...legalJobs,
  ...backupJobs,
];
