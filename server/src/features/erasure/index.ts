// The erasure feature's public face: the only file another feature imports (docs/architecture.md).
export { privacyJobs } from './erasure.jobs';
export { createErasureService } from './erasure.service';
export { registerErasure } from './erasure.routes';
export { erasureRequests } from './erasure.schema';
export { onErasureForgetRows, onErasurePurge } from './forget-hooks';
export { reapplyErasureJournal } from './erasure.service';
