import type { SeriesItem } from '@vitalbase/core';
import {
  type DayRange,
  dayRangeEndingToday,
  heartRateSeries,
  personAt,
  sleepSessions,
  stepsSeries,
  weighIns,
} from '../../cli/src/simulator/generators';

/** Benchmark data comes from the simulator's pure generators: the same seed gives the same data. */
const SEED = 7;
/** Paris in winter: a fixed offset keeps the data reproducible. */
const OFFSET_MINUTES = 60;
const DAY_MS = 86_400_000;

/** `days` whole local days ending yesterday (no point lies in the future). */
export function pastDays(days: number, endDaysAgo = 1): DayRange {
  return dayRangeEndingToday(new Date(Date.now() - endDaysAgo * DAY_MS), days, OFFSET_MINUTES);
}

/** A watch's day: minute-level heart rate and steps. */
export function watchItems(personIndex: number, range: DayRange): SeriesItem[] {
  const person = personAt(personIndex, SEED);
  return [...heartRateSeries(SEED, person, range), ...stepsSeries(SEED, person, range)];
}

export function heartRateItems(personIndex: number, range: DayRange) {
  return heartRateSeries(SEED, personAt(personIndex, SEED), range);
}
export function stepsItems(personIndex: number, range: DayRange) {
  return stepsSeries(SEED, personAt(personIndex, SEED), range);
}
/**
 * Nights on a sleep analyzer. The generator writes times to the second but computes them to the
 * millisecond, so a stage cut by the night's end can be under a second long, i.e. start = end once
 * written, which the server rightly refuses: such stages are dropped here.
 */
export function sleepItems(personIndex: number, range: DayRange) {
  return sleepSessions(SEED, personAt(personIndex, SEED), range).map((night) => ({
    ...night,
    stages: night.stages?.filter((s) => s.start !== s.end),
  }));
}
export function weighInItems(personIndex: number, range: DayRange) {
  return weighIns(SEED, personAt(personIndex, SEED), range);
}

/** Points a series batch carries (gaps are not points). */
export function pointCount(items: SeriesItem[]): number {
  let n = 0;
  for (const item of items) for (const v of item.values) if (v !== null) n++;
  return n;
}

/** Splits a day range into consecutive ranges of at most `size` days. */
export function chunkRange(range: DayRange, size: number): DayRange[] {
  const out: DayRange[] = [];
  for (let d = 0; d < range.days; d += size) {
    out.push({ ...range, startMs: range.startMs + d * DAY_MS, days: Math.min(size, range.days - d) });
  }
  return out;
}
