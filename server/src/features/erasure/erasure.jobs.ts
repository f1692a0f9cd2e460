import { defineJob } from '../../jobs/job';
import { createErasureService } from './erasure.service';

/**
 * The privacy center's scheduled work. The purge runs hourly and once at every start: it is
 * idempotent, and whatever came due while the server was down (past the 7 days, or the 30-day
 * guarantee) is caught up on the next run.
 */
export const privacyJobs = [
  defineJob({
    name: 'privacy.purge-erasure-requests',
    cron: '23 * * * *',
    run: (ctx) => createErasureService(ctx).purgeDue(),
  }),
];
