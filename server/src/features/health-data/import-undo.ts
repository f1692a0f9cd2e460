import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { AffectedInputs, createDerivedService } from './derived.service';
import { createDerivedRepo } from './derived.repo';
import { createImportedRepo } from './imported.repo';
import { createReadingsRepo } from './readings.repo';
import { createSeriesRepo } from './series.repo';
import { createSessionsRepo } from './sessions.repo';

const HOUR = 3_600_000;

/**
 * Undoes one import in the caller's transaction: exactly the rows carrying its id go (readings and
 * sessions as tombstones, series days under `import:<id>` deleted), and the derived values they fed
 * (BMI, daily totals, sleep summaries) are recomputed. Counts, never values.
 */
export async function removeImportedData(
  ctx: Pick<AppContext, 'database' | 'now'>,
  userId: string,
  importId: string,
  tx: Executor,
): Promise<{ readings: number; sessions: number; seriesDays: number }> {
  const db = ctx.database.db;
  const readings = createReadingsRepo(db);
  const series = createSeriesRepo(db);
  const sessions = createSessionsRepo(db);
  const derived = createDerivedService({ readings, series, sessions, derived: createDerivedRepo(db) });
  const now = ctx.now();
  const removed = await createImportedRepo(db).removeImport(userId, importId, now, tx);
  const affected = new AffectedInputs();
  for (const r of removed.readings)
    affected.reading(r.id, r.metricsKey.split(','), r.takenAt, r.utcOffsetMinutes);
  for (const s of removed.sessions) {
    if (s.type === 'sleep') affected.sleep.add(s.id);
    affected.written.session(s.type, s.startAt, s.endAt);
  }
  for (const d of removed.days) {
    const start = Date.parse(`${d.day}T00:00:00Z`);
    const instants = Array.from({ length: 25 }, (_, h) => start + Math.min(h * HOUR, 24 * HOUR - 1));
    affected.seriesPoints(d.metric, instants, d.utcOffsetMinutes);
  }
  await derived.refresh(userId, affected, now, tx);
  return {
    readings: removed.readings.length,
    sessions: removed.sessions.length,
    seriesDays: removed.days.length,
  };
}
