import { describe, expect, it } from 'vitest';
import {
  alignSeries,
  aggregatePeriod,
  barColumns,
  bucketTotals,
  bucketsToSeries,
  hypnogramData,
  movingAverage,
  lineWindow,
  rangeWindow,
  stageDurations,
  trendOf,
  weightedMean,
  xRangeOf,
  yBounds,
} from './chart-data';
import { periodOf } from './period';

const b = (start: string, mean: number, count = 1) => ({ start, min: mean, max: mean, mean, count });

describe('chart data', () => {
  it('gives each range a window ending now, aligned on its bucket', () => {
    const now = Date.parse('2026-11-23T10:07:00Z');
    const day = rangeWindow('day', now);
    expect(day).toEqual({
      from: '2026-11-22T10:10:00.000Z',
      to: '2026-11-23T10:10:00.000Z',
      bucketSeconds: 300,
    });
    const week = rangeWindow('week', now);
    expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * 86_400_000);
    expect(week.bucketSeconds).toBe(3600);
    expect(rangeWindow('year', now).bucketSeconds).toBe(86_400);
    // Every range stays under the server's 2,000 buckets.
    for (const r of ['day', 'week', 'month', 'year', 'all'] as const) {
      const w = rangeWindow(r, now);
      expect((Date.parse(w.to) - Date.parse(w.from)) / 1000 / w.bucketSeconds).toBeLessThanOrEqual(2000);
    }
    expect(aggregatePeriod('month')).toBe('day');
    expect(aggregatePeriod('year')).toBe('week');
    expect(aggregatePeriod('all')).toBe('month');
  });

  it('turns buckets into uPlot columns in display units', () => {
    const [xs, ys] = bucketsToSeries(
      [b('2026-11-01T00:00:00Z', 80), b('2026-11-02T00:00:00Z', 81)],
      (v) => v * 2,
    );
    expect(xs).toEqual([
      Date.parse('2026-11-01T00:00:00Z') / 1000,
      Date.parse('2026-11-02T00:00:00Z') / 1000,
    ]);
    expect(ys).toEqual([160, 162]);
  });

  it('aligns several metrics on one axis with gaps as null', () => {
    const [xs, sys, dia] = alignSeries(
      [
        [b('2026-11-01T08:00:00Z', 121), b('2026-11-01T20:00:00Z', 125)],
        [b('2026-11-01T20:00:00Z', 79), b('2026-11-01T08:00:00Z', 81)],
      ],
      (_i, v) => v,
    );
    expect(xs).toHaveLength(2);
    expect(sys).toEqual([121, 125]);
    expect(dia).toEqual([81, 79]);
    const [xs2, a, c] = alignSeries(
      [[b('2026-11-01T08:00:00Z', 1)], [b('2026-11-02T08:00:00Z', 2)]],
      (_i, v) => v,
    );
    expect(xs2).toHaveLength(2);
    expect(a).toEqual([1, null]);
    expect(c).toEqual([null, 2]);
  });

  it('smooths with a trailing average that skips gaps', () => {
    expect(movingAverage([1, 2, 3, null, 5], 2)).toEqual([1, 1.5, 2.5, null, 4]);
  });

  it('reads a trend against the previous period', () => {
    expect(trendOf(82, 80)).toBe('up');
    expect(trendOf(79, 80)).toBe('down');
    expect(trendOf(80.4, 80)).toBe('steady');
    expect(trendOf(80, null)).toBeUndefined();
    expect(weightedMean([b('x', 10, 1), b('y', 20, 3)])).toBe(17.5);
    expect(weightedMean([])).toBeNull();
  });

  it('draws a night as a hypnogram and sums its stages', () => {
    const stages = [
      { stage: 'light', start: '2026-11-22T23:00:00Z', end: '2026-11-22T23:30:00Z' },
      { stage: 'deep', start: '2026-11-22T23:30:00Z', end: '2026-11-23T00:30:00Z' },
      { stage: 'awake', start: '2026-11-23T00:30:00Z', end: '2026-11-23T00:40:00Z' },
    ];
    const [xs, ys] = hypnogramData([stages[1]!, stages[0]!, stages[2]!]);
    expect(ys).toEqual([2, 1, 4, 4]);
    expect(xs.at(-1)).toBe(Date.parse('2026-11-23T00:40:00Z') / 1000);
    expect(stageDurations(stages)).toEqual({ awake: 600, light: 1800, deep: 3600, rem: 0 });
  });

  it('keeps tiny changes small: a minimum y-span, bars from zero, goals in view', () => {
    // Bone mass moving 0.1 kg on a 0.5 kg minimum span: a fifth of the height, not all of it.
    const [lo, hi] = yBounds([[2.9, 3.0]], { minSpan: 0.5 })!;
    expect(hi - lo).toBeCloseTo(0.5);
    expect(lo).toBeLessThan(2.9);
    expect(hi).toBeGreaterThan(3.0);
    // One weigh-in: an axis around it, not 0–150.
    const [a, b] = yBounds([[80.4, null]], { minSpan: 2 })!;
    expect([a, b]).toEqual([79.4, 81.4]);
    // Wide data keeps its own span (plus a margin).
    const [c, d] = yBounds([[60, 100]], { minSpan: 2 })!;
    expect(d - c).toBeCloseTo(48);
    expect(yBounds([[5000, 12000]], { fromZero: true })?.[0]).toBe(0);
    expect(yBounds([[80]], { minSpan: 2, include: [70] })![0]).toBeLessThan(70);
    expect(yBounds([[null]], {})).toBeUndefined();
  });

  it('asks exactly the period, finer data for a zoom, and starts "all" at the first value', () => {
    const week = periodOf('week', '2026-11-25', 'Europe/Paris', '2026-12-05');
    expect(lineWindow(week, undefined)).toEqual({ from: week.from, to: week.to, bucketSeconds: 3600 });
    const zoom = { from: '2026-11-24T06:00:00.000Z', to: '2026-11-24T12:00:00.000Z' };
    const zoomed = lineWindow(week, zoom);
    expect(zoomed.from).toBe(zoom.from);
    expect(zoomed.bucketSeconds).toBeLessThan(3600);
    // A dragged window is snapped to its buckets.
    const dragged = lineWindow(week, { from: '2026-11-24T06:07:31.000Z', to: '2026-11-26T11:58:02.000Z' });
    expect(dragged.bucketSeconds).toBe(600);
    expect([dragged.from, dragged.to]).toEqual(['2026-11-24T06:00:00.000Z', '2026-11-26T12:00:00.000Z']);
    expect(lineWindow(week, undefined, 60).bucketSeconds).toBe(60);
    expect(xRangeOf(week, undefined)).toEqual([Date.parse(week.from) / 1000, Date.parse(week.to) / 1000]);
    expect(xRangeOf(week, zoom)[0]).toBe(Date.parse(zoom.from) / 1000);
    const all = periodOf('all', '2026-12-05', 'UTC', '2026-12-05');
    const first = Date.parse('2024-12-01T00:00:00Z') / 1000;
    expect(xRangeOf(all, undefined, first)).toEqual([first, Date.parse(all.to) / 1000]);
    // The running month's bar of "all" is drawn whole, past today.
    const monthEnd = Date.parse('2027-01-01T00:00:00Z') / 1000;
    expect(xRangeOf(all, undefined, first, monthEnd)).toEqual([first, monthEnd]);
  });

  it('draws totals as bars over their periods, the running one flagged partial', () => {
    const h = 3_600_000;
    const t0 = Date.parse('2026-12-05T00:00:00Z');
    const totals = bucketTotals(
      [
        { start: '2026-12-05T00:00:00Z', min: 1, max: 30, mean: 12.5, count: 60 },
        { start: '2026-12-05T01:00:00Z', min: 1, max: 9, mean: 2, count: 3 },
      ],
      3600,
    );
    expect(totals.map((x) => x.sum)).toEqual([750, 6]);
    const cols = barColumns(
      [...totals, { start: t0 + 2 * h, end: t0 + 3 * h, sum: null }],
      (v) => v,
      t0 + 1.5 * h,
    );
    expect(cols.values).toEqual([750, 6]);
    expect(cols.partial).toEqual([false, true]);
    expect(cols.xs[0]).toBe((t0 + 0.5 * h) / 1000);
    expect(cols.firstStart).toBe(t0 / 1000);
    expect(cols.lastEnd).toBe((t0 + 2 * h) / 1000);
  });
});
