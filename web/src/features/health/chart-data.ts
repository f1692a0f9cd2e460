/**
 * Pure shaping of the API's answers into chart data: uPlot takes columns (x in seconds, then one
 * array per series, null for a gap), in display units.
 */
import type { timeseriesOutSchema } from '@vitalbase/core/health-data/api';
import { chooseBucketSeconds } from '@vitalbase/core/health-data/downsample';
import type { z } from 'zod';
import { inProgress, type ChartPeriod, type Range } from './period';
import type { ZoomWindow } from './views/view-props';

export { type Range, ranges } from './period';

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

/** Line charts: bucket sizes per period, fine enough to read and under the server's 2,000. */
const lineBuckets: Record<Range, number> = {
  day: 300,
  week: 3600,
  month: 3 * 3600,
  year: 86_400,
  all: 7 * 86_400,
};
/** A zoomed window gets about this many buckets: finer data than the period's. */
const ZOOM_BUCKETS = 400;

/**
 * The timeseries window of a period (or of the zoom inside it): its exact bounds, buckets aligned on
 * its start (a local midnight, so a year's daily buckets are the user's days). `bucketSeconds` forces a
 * size (heart rate per minute, steps per hour on a day).
 */
export function lineWindow(
  period: ChartPeriod,
  zoom: ZoomWindow | undefined,
  bucketSeconds?: number,
): { from: string; to: string; bucketSeconds: number } {
  if (zoom) {
    const from = Date.parse(zoom.from);
    const to = Date.parse(zoom.to);
    const size = Math.min(chooseBucketSeconds(from, to, ZOOM_BUCKETS), bucketSeconds ?? Infinity);
    // A dragged window snapped to its buckets (up to the hour): a reload asks the same, and whole
    // quarter hours are read from the server's rollups (docs/performance.md).
    const align = Math.min(size, 3600) * 1000;
    return {
      from: new Date(Math.floor(from / align) * align).toISOString(),
      to: new Date(Math.ceil(to / align) * align).toISOString(),
      bucketSeconds: size,
    };
  }
  return { from: period.from, to: period.to, bucketSeconds: bucketSeconds ?? lineBuckets[period.range] };
}

/**
 * The x-axis bounds (seconds) a chart shows: the zoom, or exactly the period; "all" starts at the first
 * value (`firstX`) rather than 19 empty years.
 */
export function xRangeOf(
  period: ChartPeriod,
  zoom: ZoomWindow | undefined,
  firstX?: number,
  lastX?: number,
): [number, number] {
  if (zoom) return [Date.parse(zoom.from) / 1000, Date.parse(zoom.to) / 1000];
  const to = Date.parse(period.to) / 1000;
  const from = Date.parse(period.from) / 1000;
  if (period.range !== 'all') return [from, to];
  // "All" by month: the running month's bar stands past today, up to the month's end (`lastX`).
  return [firstX !== undefined ? Math.max(from, firstX) : from, Math.max(to, lastX ?? to)];
}

/**
 * The y-axis bounds of a chart: bars from zero; lines around their values but never narrower than the
 * metric's minimum span (so 0.1 kg is not a cliff), with goal lines (`include`) kept in view.
 */
export function yBounds(
  columns: ReadonlyArray<ReadonlyArray<number | null | undefined>>,
  opts: { minSpan?: number; fromZero?: boolean; include?: readonly number[] } = {},
): [number, number] | undefined {
  const values = [...columns.flatMap((c) => Array.from(c)), ...(opts.include ?? [])].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  if (values.length === 0) return undefined;
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (opts.fromZero) return [Math.min(0, min), max > 0 ? max * 1.1 : 1];
  const pad = (max - min) * 0.1;
  min -= pad;
  max += pad;
  const span = opts.minSpan ?? 0;
  if (max - min < span) {
    const mid = (min + max) / 2;
    min = mid - span / 2;
    max = mid + span / 2;
  }
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}

/** One bar of a chart of totals: its period, total and whether the period is still running. */
export interface BarPeriod {
  start: number;
  end: number;
  sum: number | null;
}

/**
 * Totals as bars: x at the middle of each period (a bar stands over its day, not astride midnight),
 * empty periods left out, and the one still running flagged so it is drawn as partial, not as a dip.
 */
export function barColumns(
  list: readonly BarPeriod[],
  convert: (v: number) => number,
  nowMs: number,
): {
  xs: number[];
  values: number[];
  partial: boolean[];
  firstStart: number | undefined;
  lastEnd: number | undefined;
} {
  const kept = list.filter((p) => p.sum !== null);
  const last = kept.at(-1);
  return {
    xs: kept.map((p) => (p.start + p.end) / 2 / 1000),
    values: kept.map((p) => convert(p.sum ?? 0)),
    partial: kept.map((p) => inProgress(p.start, p.end, nowMs)),
    firstStart: kept[0] ? kept[0].start / 1000 : undefined,
    lastEnd: last ? last.end / 1000 : undefined,
  };
}

/** Timeseries buckets as totals (sum = mean × count, as the server folds them): steps per hour. */
export function bucketTotals(list: readonly TimeseriesBucket[], bucketSeconds: number): BarPeriod[] {
  return list.map((b) => {
    const start = Date.parse(b.start);
    return { start, end: start + bucketSeconds * 1000, sum: Math.round(b.mean * b.count * 1000) / 1000 };
  });
}

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
