import { DateTime } from 'luxon';

/**
 * The user's local days (users.time_zone): daily, weekly and monthly aggregates follow the calendar
 * where the user lives, across DST changes (a local day can last 23 or 25 hours).
 */

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** The UTC offset of a zone at an instant, in minutes (Europe/Paris: 60 in winter, 120 in summer). */
export function zoneOffsetAt(zone: string, instantMs: number): number {
  const d = DateTime.fromMillis(instantMs, { zone });
  return d.isValid ? d.offset : 0;
}

/**
 * The UTC offset an ISO 8601 time was written with, in minutes. A time written with `Z` (or RFC 3339's
 * `-00:00`, "offset unknown") names only the instant: the device did not say where it was, so with a
 * `zone` (the account's) it is placed there, else at UTC. `+00:00` is a real offset (London in winter).
 */
export function offsetWrittenIn(iso: string, zone?: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  const unknown = !m || (m[1] === '-' && m[2] === '00' && m[3] === '00');
  if (unknown) return zone ? zoneOffsetAt(zone, Date.parse(iso)) : 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** An instant written in the local time of a UTC offset: 2026-03-29T06:55:00+02:00. */
export function isoAtOffset(instantMs: number, offsetMinutes: number): string {
  const local = new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The local calendar date ('YYYY-MM-DD') of an instant at a UTC offset (the day a reading was lived). */
export function localDateAtOffset(instantMs: number, offsetMinutes: number): string {
  return new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The local calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(instantMs: number, zone: string): string {
  return DateTime.fromMillis(instantMs, { zone }).toISODate()!;
}

export type Period = 'day' | 'week' | 'month';

/** The local date starting the period that holds `date` (weeks start on Monday, ISO 8601). */
export function periodStart(date: string, period: Period): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return d.startOf(period === 'week' ? 'week' : period).toISODate()!;
}

/** The next period's first local date. */
export function nextPeriod(date: string, period: Period): string {
  if (period !== 'month') {
    // Calendar arithmetic on a UTC date: no time zone involved, and much cheaper than luxon.
    const ms = Date.parse(`${date}T00:00:00Z`) + (period === 'day' ? 1 : 7) * 86_400_000;
    if (!Number.isNaN(ms)) return new Date(ms).toISOString().slice(0, 10);
  }
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return d
    .plus(period === 'day' ? { days: 1 } : period === 'week' ? { weeks: 1 } : { months: 1 })
    .toISODate()!;
}

/** The instant a local date begins in a zone (midnight, or the first instant after a DST gap). */
export function localDayStart(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

/** Local periods covering [fromDate, toDate] (inclusive local dates), each with its UTC bounds. */
export function localPeriods(
  fromDate: string,
  toDate: string,
  period: Period,
  zone: string,
): Array<{ period: string; start: number; end: number }> {
  const out: Array<{ period: string; start: number; end: number }> = [];
  let p = periodStart(fromDate, period);
  // Each period starts where the previous one ended: one time-zone conversion per period, not two
  // (luxon's conversions were a third of a year of daily aggregates).
  let start = p <= toDate ? localDayStart(p, zone) : 0;
  while (p <= toDate && out.length < 10_000) {
    const next = nextPeriod(p, period);
    const end = localDayStart(next, zone);
    out.push({ period: p, start, end });
    p = next;
    start = end;
  }
  return out;
}

/**
 * The same periods on the local clock (wall time read as if it were UTC): a value lived at instant t
 * with offset o falls in the period holding t + o, whatever zone the account is in (docs/time-zones.md,
 * travel). Days are then 24 hours on that clock even when travel made the lived day longer or shorter.
 */
export function localClockPeriods(
  periods: ReadonlyArray<{ period: string }>,
  period: Period,
): Array<{ start: number; end: number }> {
  return periods.map((p) => ({
    start: Date.parse(`${p.period}T00:00:00Z`),
    end: Date.parse(`${nextPeriod(p.period, period)}T00:00:00Z`),
  }));
}
