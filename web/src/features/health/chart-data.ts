/**
 * Pure shaping of the API's answers into chart data: uPlot takes columns (x in seconds, then one
 * array per series, null for a gap), in display units.
 */
import type { timeseriesOutSchema } from '@vitalbase/core/health-data/api';
import type { z } from 'zod';

export type Range = 'day' | 'week' | 'month' | 'year' | 'all';
export const ranges: readonly Range[] = ['day', 'week', 'month', 'year', 'all'];

const DAY = 86_400_000;
const spans: Record<Range, number> = {
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
  year: 365 * DAY,
  all: 10 * 365 * DAY,
};
/** Bucket sizes that keep a chart smooth and light; the server raises one if a range would need more than 2,000. */
const buckets: Record<Range, number> = {
  day: 300,
  week: 3600,
  month: 3 * 3600,
  year: 86_400,
  all: 7 * 86_400,
};

/** The window a range shows, ending now; `from` is aligned on the bucket so a reload asks the same. */
export function rangeWindow(
  range: Range,
  nowMs: number,
): { from: string; to: string; bucketSeconds: number } {
  const bucketSeconds = buckets[range];
  const step = bucketSeconds * 1000;
  const to = Math.ceil(nowMs / step) * step;
  return { from: new Date(to - spans[range]).toISOString(), to: new Date(to).toISOString(), bucketSeconds };
}

/** Daily-total metrics (steps…) are charted per local day, per week for a year, per month for all. */
export function aggregatePeriod(range: Range): 'day' | 'week' | 'month' {
  return range === 'year' ? 'week' : range === 'all' ? 'month' : 'day';
}

/** One bucket of GET /api/health-data/timeseries (core's schema; `start` is an ISO instant). */
export type TimeseriesBucket = z.infer<typeof timeseriesOutSchema>['buckets'][number];

/** Buckets → [xs, means] with each value passed through `convert` (to display units). */
export function bucketsToSeries(
  list: readonly TimeseriesBucket[],
  convert: (v: number) => number,
): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const b of list) {
    xs.push(Date.parse(b.start) / 1000);
    ys.push(convert(b.mean));
  }
  return [xs, ys];
}

/**
 * Several metrics on one time axis (systolic and diastolic, body composition): the union of their
 * bucket starts, null where a metric has no value.
 */
export function alignSeries(
  lists: ReadonlyArray<readonly TimeseriesBucket[]>,
  convert: (i: number, v: number) => number,
): [number[], ...Array<Array<number | null>>] {
  const xs = [...new Set(lists.flatMap((l) => l.map((b) => Date.parse(b.start) / 1000)))].sort(
    (a, b) => a - b,
  );
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = lists.map((l, li) => {
    const col: Array<number | null> = xs.map(() => null);
    for (const b of l) col[index.get(Date.parse(b.start) / 1000)!] = convert(li, b.mean);
    return col;
  });
  return [xs, ...columns];
}

/** A trailing moving average over `window` points: the smoothed trend line under daily weigh-ins. */
export function movingAverage(values: ReadonlyArray<number | null>, window: number): Array<number | null> {
  const out: Array<number | null> = [];
  const recent: number[] = [];
  for (const v of values) {
    if (v !== null) {
      recent.push(v);
      if (recent.length > window) recent.shift();
    }
    out.push(v === null || recent.length === 0 ? null : recent.reduce((s, x) => s + x, 0) / recent.length);
  }
  return out;
}

export type Trend = 'up' | 'down' | 'steady';

/** Latest period vs the previous one; within `tolerance` (relative) is steady. */
export function trendOf(
  current: number | null | undefined,
  previous: number | null | undefined,
  tolerance = 0.01,
): Trend | undefined {
  if (current == null || previous == null) return undefined;
  const scale = Math.max(Math.abs(previous), 1e-9);
  const change = (current - previous) / scale;
  if (Math.abs(change) <= tolerance) return 'steady';
  return change > 0 ? 'up' : 'down';
}

/** Mean of bucket means, weighted by their counts (a period's average). */
export function weightedMean(list: readonly TimeseriesBucket[]): number | null {
  let sum = 0;
  let n = 0;
  for (const b of list) {
    sum += b.mean * b.count;
    n += b.count;
  }
  return n ? sum / n : null;
}

const hypnogramLevels = { awake: 4, rem: 3, light: 2, deep: 1 } as const;

/**
 * A night's stages as a step line: one point at each stage start (and one at the end), y the stage's
 * level (deep lowest, awake highest), as hypnograms are drawn.
 */
export function hypnogramData(
  stages: ReadonlyArray<{ stage: string; start: string; end: string }>,
): [number[], Array<number | null>] {
  const sorted = [...stages].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const xs: number[] = [];
  const ys: Array<number | null> = [];
  for (const s of sorted) {
    xs.push(Date.parse(s.start) / 1000);
    ys.push(hypnogramLevels[s.stage as keyof typeof hypnogramLevels] ?? null);
  }
  const last = sorted.at(-1);
  if (last) {
    xs.push(Date.parse(last.end) / 1000);
    ys.push(ys.at(-1) ?? null);
  }
  return [xs, ys];
}

/** Seconds per stage of a night. */
export function stageDurations(
  stages: ReadonlyArray<{ stage: string; start: string; end: string }>,
): Record<string, number> {
  const out: Record<string, number> = { awake: 0, light: 0, deep: 0, rem: 0 };
  for (const s of stages)
    out[s.stage] = (out[s.stage] ?? 0) + (Date.parse(s.end) - Date.parse(s.start)) / 1000;
  return out;
}
