/**
 * The period a chart shows: a calendar day, week (from Monday, ISO 8601 as the server's aggregates),
 * month or year of the user's own time zone, or everything. Bounds are local midnights, so a day
 * across a DST change lasts 23 or 25 hours and a chart shows exactly it, never "the last 24 hours".
 */
import { localDate } from './readings';

export type Range = 'day' | 'week' | 'month' | 'year' | 'all';
export const ranges: readonly Range[] = ['day', 'week', 'month', 'year', 'all'];

export function isRange(v: unknown): v is Range {
  return typeof v === 'string' && (ranges as readonly string[]).includes(v);
}

/** How far back "all" reaches: the server answers a timeseries of at most 20 years. */
const ALL_YEARS = 19;

export interface ChartPeriod {
  range: Range;
  /** The local date the user chose (the URL's `date`); the period is the one holding it. */
  date: string;
  /** First and last local dates of the period, inclusive (what the aggregates API takes). */
  firstDay: string;
  lastDay: string;
  /** The same bounds as instants: [from, to), `to` the local midnight after `lastDay`. */
  from: string;
  to: string;
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Calendar arithmetic on local dates (no time zone involved). */
export function addDays(date: string, days: number): string {
  return ymd(utcMs(date) + days * 86_400_000);
}

/** The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return ymd(first.getTime());
}

function mondayOf(date: string): string {
  const weekday = (new Date(utcMs(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock time minus UTC at an instant, in ms (+3,600,000 for Paris in winter). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a local date begins in a zone: its midnight, or the first instant after a DST gap that
 * swallows midnight. (i18n/format.ts reads instants as local dates; this is the way back.)
 */
export function localDayStart(date: string, zone: string): number {
  const wall = utcMs(date);
  let t = wall - zoneOffsetMs(wall, zone);
  t = wall - zoneOffsetMs(t, zone);
  // Midnight skipped by a DST change (Chile): `t` is still the eve; the day starts at the change,
  // which is midnight at the earlier offset.
  if (localDate(t, zone) < date) t = wall - zoneOffsetMs(t, zone);
  return t;
}

/** The period of `range` holding the local date `date`; "all" runs up to `today`. */
export function periodOf(range: Range, date: string, timeZone: string, today: string): ChartPeriod {
  let firstDay: string;
  let lastDay: string;
  switch (range) {
    case 'day':
      firstDay = lastDay = date;
      break;
    case 'week':
      firstDay = mondayOf(date);
      lastDay = addDays(firstDay, 6);
      break;
    case 'month':
      firstDay = `${date.slice(0, 7)}-01`;
      lastDay = addDays(addMonths(firstDay, 1), -1);
      break;
    case 'year':
      firstDay = `${date.slice(0, 4)}-01-01`;
      lastDay = `${date.slice(0, 4)}-12-31`;
      break;
    case 'all':
      firstDay = `${Number(today.slice(0, 4)) - ALL_YEARS}-01-01`;
      lastDay = today;
      break;
  }
  return {
    range,
    date,
    firstDay,
    lastDay,
    from: new Date(localDayStart(firstDay, timeZone)).toISOString(),
    to: new Date(localDayStart(addDays(lastDay, 1), timeZone)).toISOString(),
  };
}

/** The date of the previous (-1) or next (+1) period of the same range. */
export function shiftDate(range: Range, date: string, step: -1 | 1): string {
  switch (range) {
    case 'day':
      return addDays(date, step);
    case 'week':
      return addDays(date, 7 * step);
    case 'month':
      return addMonths(date, step);
    case 'year':
      return addMonths(date, 12 * step);
    case 'all':
      return date;
  }
}

/** Is there a later period with data to come? (Not past the one holding today.) */
export function hasNext(period: ChartPeriod, today: string): boolean {
  return period.range !== 'all' && period.lastDay < today;
}

/** A period still running (it holds now), or a bucket of it: its figures are not final. */
export function inProgress(startMs: number, endMs: number, nowMs: number): boolean {
  return startMs <= nowMs && nowMs < endMs;
}
