import { defineJob } from '../../jobs/job';
import { createDisclosuresService } from './disclosures.service';

/** The legal feature's scheduled work: notices of disclosures on the day the order allows them. */
export const legalJobs = [
  defineJob({
    name: 'legal.disclosure-notices',
    cron: '53 3 * * *',
    run: (ctx) => createDisclosuresService(ctx).notifyDue(),
  }),
];
