import { defineJob } from '../../jobs/job';
import { createInactivityService } from './inactivity.service';
import { createMaintenanceService } from './maintenance.service';
import { createSuspensionService } from './suspension.service';

/**
 * The account lifecycle's scheduled work (docs/lifecycle.md). Each is idempotent and also runs at
 * start, so what came due while the server was down is caught up.
 */
export const lifecycleJobs = [
  defineJob({
    name: 'lifecycle.inactivity',
    cron: '41 3 * * *',
    run: (ctx) => createInactivityService(ctx).run(),
  }),
  defineJob({
    name: 'lifecycle.close-unrectified-suspensions',
    cron: '47 3 * * *',
    run: (ctx) => createSuspensionService(ctx).closeUnrectified(),
  }),
  defineJob({
    name: 'lifecycle.maintenance-mail',
    cron: '5 * * * *',
    run: (ctx) => createMaintenanceService(ctx).mailAnnounced(),
  }),
];
