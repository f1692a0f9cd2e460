import type { Executor } from '../../../db/client';
import { createSeriesRepo } from '../series.repo';
import { seriesPointsInRange } from '../series-points';

/**
 * The points of an intraday series metric (SpO2 from a watch) stored in [from, to], every source,
 * oldest first: what the clinics' threshold evaluation judges of a write (clinics/series-judgement.ts).
 * One indexed read of the days the span touches.
 */
export function seriesPointsBetween(
  tx: Executor,
  userId: string,
  metric: string,
  from: number,
  to: number,
): Promise<Array<{ t: number; v: number }>> {
  return seriesPointsInRange(createSeriesRepo(tx), userId, metric, from, to + 1, tx);
}
