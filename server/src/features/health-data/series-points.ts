import { getMetric } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { DAY_MS, slotTime, unpackDay } from './series-codec';
import type { SeriesDayRow, SeriesRepo } from './series.repo';

export interface SeriesPoint {
  metric: string;
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
  intervalSeconds: number;
  deviceId: string | null;
  /** Its day's offset: where it was lived, so the local day it counts on (docs/time-zones.md). */
  utcOffsetMinutes: number;
}

/** The UTC day (YYYY-MM-DD) holding an instant: series are stored per UTC day. */
export const utcDay = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/** The points of some stored series days that fall in [from, to), oldest first. */
export function pointsOfDays(
  rows: ReadonlyArray<
    Pick<
      SeriesDayRow,
      | 'metric'
      | 'day'
      | 'firstSlot'
      | 'width'
      | 'points'
      | 'intervalSeconds'
      | 'deviceId'
      | 'utcOffsetMinutes'
    >
  >,
  from: number,
  to: number,
): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const row of rows) {
    const def = getMetric(row.metric);
    if (!def) continue;
    for (const [slot, v] of unpackDay(row, def.decimals)) {
      const t = slotTime(row.day, slot, row.intervalSeconds);
      if (t >= from && t < to) {
        out.push({
          metric: row.metric,
          t,
          v,
          intervalSeconds: row.intervalSeconds,
          deviceId: row.deviceId,
          utcOffsetMinutes: row.utcOffsetMinutes,
        });
      }
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/** Every stored point of a series metric in [from, to), all sources, oldest day first. */
export async function seriesPointsInRange(
  repo: Pick<SeriesRepo, 'listDays'>,
  userId: string,
  metric: string,
  from: number,
  to: number,
  tx?: Executor,
): Promise<Array<{ t: number; v: number }>> {
  if (!getMetric(metric) || to <= from) return [];
  const rows = await repo.listDays(userId, metric, utcDay(from), utcDay(to - 1), tx);
  return pointsOfDays(rows, from, to).map(({ t, v }) => ({ t, v }));
}
