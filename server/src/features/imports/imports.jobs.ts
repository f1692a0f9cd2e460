import { defineJob } from '../../jobs/job';
import { createImportsService, IMPORT_JOB, type ImportJobData } from './imports.service';

/** One import, queued when its upload completes (its data: ids only). */
export const importRunJob = defineJob<ImportJobData>({
  name: IMPORT_JOB,
  // A failed import is marked failed (and emptied); a run its server dropped is resumed by the sweep.
  retryLimit: 0,
  run: (ctx, data) => createImportsService(ctx).run(data.userId, data.importId),
});

/** Every minute and at every start: imports no worker took, or whose run died, resume from their checkpoint. */
export const importSweepJob = defineJob({
  name: 'imports.sweep',
  cron: '* * * * *',
  run: (ctx) => createImportsService(ctx).sweep(),
});

export const importJobs = [importRunJob, importSweepJob];
