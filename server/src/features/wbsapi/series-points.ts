import { getMetric } from '@vitalbase/core';
import { DAY_MS, slotTime, unpackDay } from '../health-data/series-codec';
import type { WbsapiRepo } from './wbsapi.repo';

export interface SeriesPoint {
  metric: string;
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
  intervalSeconds: number;
  deviceId: string | null;
}

const utcDay = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/** Every stored intraday point of some metrics in [from, to), every source, oldest first. */
export async function seriesPoints(
  repo: Pick<WbsapiRepo, 'seriesDays'>,
  userId: string,
  metrics: string[],
  from: number,
  to: number,
): Promise<SeriesPoint[]> {
  if (to <= from || !metrics.length) return [];
  const rows = await repo.seriesDays(userId, metrics, utcDay(from), utcDay(to - 1));
  const out: SeriesPoint[] = [];
  for (const row of rows) {
    const def = getMetric(row.metric);
    if (!def) continue;
    const packed = { firstSlot: row.firstSlot, width: row.width as 2 | 4, points: row.points };
    for (const [slot, v] of unpackDay(packed, def.decimals)) {
      const t = slotTime(row.day, slot, row.intervalSeconds);
      if (t >= from && t < to) {
        out.push({ metric: row.metric, t, v, intervalSeconds: row.intervalSeconds, deviceId: row.deviceId });
      }
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/** min / max / rounded mean of some values, or undefined when there are none. */
export function stats(values: readonly number[]): { min: number; max: number; average: number } | undefined {
  if (!values.length) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, max, average: Math.round(sum / values.length) };
}
