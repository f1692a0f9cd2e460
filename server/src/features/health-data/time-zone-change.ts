import type { Executor } from '../../db/client';
import { createDerivedRepo } from './derived.repo';
import { createDerivedService } from './derived.service';
import { createReadingsRepo } from './readings.repo';
import { createSeriesRepo } from './series.repo';
import { createSessionsRepo } from './sessions.repo';

/**
 * Accounts calls this (through its `timeZoneChanged` slot, filled in features/index.ts) in the
 * transaction that saves a new zone: the stored day rows follow the user's local day, so they are cut
 * again on the new one before the change commits, and no reader sees days of two zones.
 */
export async function recomputeLocalDays(tx: Executor, userId: string, now: Date): Promise<void> {
  const derived = createDerivedService({
    readings: createReadingsRepo(tx),
    series: createSeriesRepo(tx),
    sessions: createSessionsRepo(tx),
    derived: createDerivedRepo(tx),
  });
  await derived.refreshAllDays(userId, now, tx);
}
