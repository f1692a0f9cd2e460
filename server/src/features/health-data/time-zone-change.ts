import type { Executor } from '../../db/client';
import { createDerivedRepo } from './derived.repo';
import { createDerivedService } from './derived.service';
import { createReadingsRepo } from './readings.repo';
import { createSeriesRepo } from './series.repo';
import { createSessionsRepo } from './sessions.repo';

/**
 * Accounts calls this (through its `timeZoneChanged` slot, filled in features/index.ts) in the
 * transaction that saves a new zone: the stored day rows are recomputed before the change commits. Each
 * value stays on the date it was lived (its own offset, docs/time-zones.md); the rows name the new zone.
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
