import { stringify } from 'csv-stringify/sync';
import { eachSeriesDayPoint } from '../health-data';

type SeriesDayRow = Parameters<typeof eachSeriesDayPoint>[0];

/**
 * A series day's CSV rows, formatted once per point straight from the packed bytes: the text the
 * generic path gave (csv-stringify of `[localIso, toISOString, value, unit, source, device, 'series',
 * '']` per point), without an array, a Date or an ISO conversion per point. The columns that do not
 * change within a day are quoted by csv-stringify itself, once; times are written by arithmetic
 * (a day row's points share its UTC date and its offset), checked against Date in series-csv.test.ts.
 */
export function seriesDayCsv(day: SeriesDayRow, unit: string): string {
  const tail = stringify([[unit, day.source, day.deviceId ?? '', 'series', '']]).slice(0, -1);
  const dayStart = Date.parse(`${day.day}T00:00:00Z`);
  const offsetMs = day.utcOffsetMinutes * 60_000;
  const suffix = offsetSuffix(day.utcOffsetMinutes);
  // The local date is the UTC day's, the day before or the day after: three texts, made once.
  const dates = [-1, 0, 1].map((d) => new Date(dayStart + d * 86_400_000).toISOString().slice(0, 10));
  let out = '';
  eachSeriesDayPoint(day, (t, v) => {
    const utcSeconds = Math.floor((t - dayStart) / 1000);
    const local = t + offsetMs;
    const localDay = Math.floor((local - dayStart) / 86_400_000);
    const localSeconds = Math.floor((local - dayStart - localDay * 86_400_000) / 1000);
    out += `${dates[localDay + 1]}T${clock(localSeconds)}${suffix},${day.day}T${clock(utcSeconds)}.${millis(t)}Z,${v},${tail}\n`;
  });
  return out;
}

/**
 * data.json's points of a day as JSON text, `[toISOString, value]` each, with the same arithmetic:
 * what JSON.stringify of the tuples gave (a finite number's JSON is its String), without them.
 */
export function seriesDayPointsJson(day: SeriesDayRow): string {
  const dayStart = Date.parse(`${day.day}T00:00:00Z`);
  let out = '';
  eachSeriesDayPoint(day, (t, v) => {
    out += `${out ? ',' : '['}["${day.day}T${clock(Math.floor((t - dayStart) / 1000))}.${millis(t)}Z",${v}]`;
  });
  return out ? `${out}]` : '[]';
}

/** `HH:MM:SS` of a second of the day, from a table of the 60 two-digit numbers. */
function clock(seconds: number): string {
  return `${TWO[Math.floor(seconds / 3600)]}:${TWO[Math.floor(seconds / 60) % 60]}:${TWO[seconds % 60]}`;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

function millis(t: number): string {
  return String(((t % 1000) + 1000) % 1000).padStart(3, '0');
}

/** `+01:00`, `-03:30`, `+00:00`: isoAtOffset's suffix. */
function offsetSuffix(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
