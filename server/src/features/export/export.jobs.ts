import { defineJob } from '../../jobs/job';
import { createExportService, EXPORT_JOB, type ExportJobData } from './export.service';

/** The build, queued by the request (its data: ids only). */
export const exportBuildJob = defineJob<ExportJobData>({
  name: EXPORT_JOB,
  // A failed build is marked failed for the user to ask again; the queue does not retry it.
  retryLimit: 0,
  run: (ctx, data) => createExportService(ctx).run(data.userId, data.exportId),
});

/**
 * The sweep, every minute and at every start (idempotent): expired files deleted, builds that died
 * with their server failed, requests no queue took (a server without jobs) built.
 */
export const exportSweepJob = defineJob({
  name: 'privacy.exports-sweep',
  cron: '* * * * *',
  run: (ctx) => createExportService(ctx).sweep(),
});

/** "Download my data" background work. */
export const exportJobs = [exportBuildJob, exportSweepJob];
