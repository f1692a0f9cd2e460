import { getMetric } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { DAY_MS, slotTime, unpackDay } from './series-codec';
import type { SeriesRepo } from './series.repo';

/** Every stored point of a series metric in [from, to), all sources, oldest day first. */
export async function seriesPointsInRange(
  repo: Pick<SeriesRepo, 'listDays'>,
  userId: string,
  metric: string,
  from: number,
  to: number,
  tx?: Executor,
): Promise<Array<{ t: number; v: number }>> {
  const def = getMetric(metric);
  if (!def || to <= from) return [];
  const fromDay = new Date(Math.floor(from / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const toDay = new Date(Math.floor((to - 1) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const rows = await repo.listDays(userId, metric, fromDay, toDay, tx);
  const out: Array<{ t: number; v: number }> = [];
  for (const row of rows) {
    for (const [slot, v] of unpackDay(
      { firstSlot: row.firstSlot, width: row.width as 2 | 4, points: row.points },
      def.decimals,
    )) {
      const t = slotTime(row.day, slot, row.intervalSeconds);
      if (t >= from && t < to) out.push({ t, v });
    }
  }
  return out.sort((a, b) => a.t - b.t);
}
