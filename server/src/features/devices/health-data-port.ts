import type { AppContext } from '../../lib/context';
import { createHealthDataIngest, createReadingsRepo } from '../health-data';
import type { IngestPort, LatestWeight } from './sync.service';

/** The health-data store as the devices feature uses it: ingest, and a member's recent weight. */
export function createHealthDataPorts(ctx: AppContext): { ingest: IngestPort; latestWeight: LatestWeight } {
  const readings = createReadingsRepo(ctx.database.db);
  return {
    ingest: createHealthDataIngest(ctx),
    latestWeight: async (userId, since, tx) => {
      const latest = await readings.latestValue(userId, 'weight', tx);
      return latest && latest.takenAt.getTime() >= since.getTime() ? latest.value : undefined;
    },
  };
}
