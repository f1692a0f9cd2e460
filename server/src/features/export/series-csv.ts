import { stringify } from 'csv-stringify/sync';
import { seriesDayScaled } from '../health-data';
import type { ByteText } from './byte-text';

type SeriesDayRow = Parameters<typeof seriesDayScaled>[0];

const DAY_S = 86_400;

/**
 * A series day's CSV rows, formatted once per point straight from the packed bytes into `out`: the
 * text the generic path gave (csv-stringify of `[localIso, toISOString, value, unit, source, device,
 * 'series', '']` per point), without an array, a Date or a string per point. The columns that do not
 * change within a day are quoted by csv-stringify itself, once; times are written by integer
 * arithmetic on the second of the day (a day row's points share its UTC date and its offset, so the
 * local date is one of three; slots are whole seconds apart, so milliseconds are 000), checked against
 * Date in series-csv.test.ts.
 */
export function writeSeriesDayCsv(out: ByteText, day: SeriesDayRow, unit: string): void {
  const tail = Buffer.from(stringify([[unit, day.source, day.deviceId ?? '', 'series', '']]));
  const dayStart = Date.parse(`${day.day}T00:00:00Z`);
  const offsetSeconds = day.utcOffsetMinutes * 60;
  const suffix = Buffer.from(offsetSuffix(day.utcOffsetMinutes), 'latin1');
  const utcDate = Buffer.from(day.day, 'latin1');
  // The local date is the UTC day's, the day before or the day after: three texts, made once.
  const dates = [-1, 0, 1].map((d) =>
    Buffer.from(new Date(dayStart + d * DAY_S * 1000).toISOString().slice(0, 10), 'latin1'),
  );
  const { firstSlot, scaled, decimals, gap } = seriesDayScaled(day);
  const scale = 10 ** decimals;
  const line = 96 + tail.length;
  for (let i = 0; i < scaled.length; i++) {
    const s = scaled[i] as number;
    if (s === gap) continue;
    const second = (firstSlot + i) * day.intervalSeconds;
    const local = second + offsetSeconds;
    const localDay = local < 0 ? -1 : local >= DAY_S ? 1 : 0;
    out.room(line);
    let buf = out.buf;
    let at = copy(buf, out.pos, dates[localDay + 1] as Buffer);
    buf[at++] = 84; // T
    at = clock(buf, at, local - localDay * DAY_S);
    at = copy(buf, at, suffix);
    buf[at++] = 44; // ,
    at = instant(buf, at, utcDate, second);
    buf[at++] = 44;
    out.pos = at;
    if (decimals === 0) out.integer(s);
    else out.number(s / scale);
    buf = out.buf;
    buf[out.pos++] = 44;
    out.pos = copy(buf, out.pos, tail);
  }
}

/**
 * data.json's points of a day as JSON text into `out`, `[toISOString, value]` each, with the same
 * arithmetic: what JSON.stringify of the tuples gave (a finite number's JSON is its String).
 */
export function writeSeriesDayPointsJson(out: ByteText, day: SeriesDayRow): void {
  const utcDate = Buffer.from(day.day, 'latin1');
  const { firstSlot, scaled, decimals, gap } = seriesDayScaled(day);
  const scale = 10 ** decimals;
  let first = true;
  for (let i = 0; i < scaled.length; i++) {
    const s = scaled[i] as number;
    if (s === gap) continue;
    out.room(80);
    const buf = out.buf;
    let at = out.pos;
    buf[at++] = first ? 91 : 44; // [ or ,
    first = false;
    buf[at++] = 91;
    buf[at++] = 34; // "
    at = instant(buf, at, utcDate, (firstSlot + i) * day.intervalSeconds);
    buf[at++] = 34;
    buf[at++] = 44;
    out.pos = at;
    if (decimals === 0) out.integer(s);
    else out.number(s / scale);
    out.buf[out.pos++] = 93; // ]
  }
  out.ascii(first ? '[]' : ']');
}

function copy(buf: Buffer, at: number, text: Uint8Array): number {
  for (let i = 0; i < text.length; i++) buf[at + i] = text[i] as number;
  return at + text.length;
}

/** `YYYY-MM-DDTHH:MM:SS.000Z` of a whole second of the UTC day `utcDate` (toISOString's text). */
function instant(buf: Buffer, at: number, utcDate: Uint8Array, second: number): number {
  let i = copy(buf, at, utcDate);
  buf[i++] = 84; // T
  i = clock(buf, i, second);
  buf[i++] = 46; // .
  buf[i++] = 48;
  buf[i++] = 48;
  buf[i++] = 48;
  buf[i++] = 90; // Z
  return i;
}

/** `HH:MM:SS` of a second of the day. */
function clock(buf: Buffer, at: number, seconds: number): number {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  const s = seconds % 60;
  buf[at] = 48 + Math.floor(h / 10);
  buf[at + 1] = 48 + (h % 10);
  buf[at + 2] = 58; // :
  buf[at + 3] = 48 + Math.floor(m / 10);
  buf[at + 4] = 48 + (m % 10);
  buf[at + 5] = 58;
  buf[at + 6] = 48 + Math.floor(s / 10);
  buf[at + 7] = 48 + (s % 10);
  return at + 8;
}

/** `+01:00`, `-03:30`, `+00:00`: isoAtOffset's suffix. */
function offsetSuffix(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
