import { defineJob } from '../../jobs/job';
import { BULK_EXPORT_JOB, createBulkExportService } from './bulk-export.service';

/**
 * FHIR Bulk Data: each export runs as a queued job as soon as it is asked for; the sweep (every
 * minute, and at every start) runs any export still waiting (asked while no queue ran in this
 * process, or whose server stopped mid-way) and deletes the files of expired ones.
 */
export const fhirJobs = [
  defineJob<{ userId: string; exportId: string }>({
    name: BULK_EXPORT_JOB,
    retryLimit: 2,
    run: (ctx, data) => createBulkExportService(ctx).run(data.userId, data.exportId),
  }),
  defineJob({
    name: 'fhir.bulk-export-sweep',
    cron: '* * * * *',
    run: (ctx) => createBulkExportService(ctx).sweep(),
  }),
];
