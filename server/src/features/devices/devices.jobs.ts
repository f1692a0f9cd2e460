import { defineJob } from '../../jobs/job';
import type { AppContext } from '../../lib/context';
import { createDevicesRepo } from './devices.repo';
import { createSyncRepo } from './sync.repo';

/** Technical data (device logs, battery readings) is kept this long unless configured otherwise. */
const DEFAULT_DIAGNOSTICS_RETENTION_DAYS = 90;
/** Idempotency keys outlive any sensible retry of a device that was offline. */
const SYNC_KEY_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

function diagnosticsRetentionDays(ctx: Pick<AppContext, 'config'>): number {
  const configured = ctx.config.deviceDiagnosticsRetentionDays;
  return configured > 0 ? configured : DEFAULT_DIAGNOSTICS_RETENTION_DAYS;
}

/** Deletes diagnostics past their retention and idempotency records past theirs. */
export async function purgeDeviceTechnicalData(
  ctx: Pick<AppContext, 'config' | 'database' | 'now'>,
): Promise<{ diagnostics: number; syncKeys: number }> {
  const now = ctx.now().getTime();
  const diagnostics = await createDevicesRepo(ctx.database.db).purgeDiagnosticsBefore(
    new Date(now - diagnosticsRetentionDays(ctx) * DAY_MS),
  );
  const syncKeys = await createSyncRepo(ctx.database.db).purgeBefore(
    new Date(now - SYNC_KEY_RETENTION_DAYS * DAY_MS),
  );
  return { diagnostics, syncKeys };
}

/** Scheduled through server/src/jobs/index.ts. */
export const deviceJobs = [
  defineJob({
    name: 'devices.purge-technical-data',
    cron: '17 3 * * *',
    run: async (ctx: AppContext) => {
      const purged = await purgeDeviceTechnicalData(ctx);
      ctx.log.info(purged, 'device technical data purged');
    },
  }),
];
