// The legal feature's public face (issue #16: legal disclosures, processors and transfers): the only
// file another feature imports (docs/architecture.md).
export { createDisclosuresService } from './disclosures.service';
export { legalJobs } from './legal.jobs';
export { registerLegal } from './legal.routes';
export { createProcessorsService } from './processors.service';
export { forgetStaffInLegal } from './forget-staff';
