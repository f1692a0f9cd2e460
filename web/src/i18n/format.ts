import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';

/**
 * Times on screen: ONE rule for every page (issue #14 §1, docs/time-zones.md).
 *
 * A time that belongs to a reading, a series point or a session is shown in the local time where it
 * was lived: the item's own `utcOffsetMinutes` (every reading, series and session of the health-data
 * API carries one; the server stores the account zone's offset when a device sent none). Any other
 * time (a request, a login, a time with no offset) is shown in the account's time zone (`me.timeZone`,
 * chosen at sign-up from the browser, changed on the account page), else UTC. Never the browser's zone:
 * a laptop on another continent does not move the readings.
 *
 * Use, in a component: `const f = useFormat();`
 *   f.readingTime(r.takenAt, r.utcOffsetMinutes)          "Mar 29, 2026, 6:55 AM" (dateStyle medium, timeStyle short)
 *   f.readingTime(s.start, s.utcOffsetMinutes, { timeStyle: 'short' })   any Intl options
 *   f.readingDay(r.takenAt, r.utcOffsetMinutes)           "2026-03-29": the local day it was lived (day totals)
 *   f.dateTime(iso) / f.inZone(ms, options)                a time with no offset, in the account's zone
 *   f.today()                                             "YYYY-MM-DD" today in the account's zone
 *   f.timeZone                                            the account's zone (for chart axes), a valid IANA name
 * Outside React (tests, chart code given a locale), the pure functions below do the same.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const { data: me } = useMe();
  const locale = i18n.language;
  const timeZone = accountTimeZone(me?.timeZone);
  return {
    locale,
    /** The account's IANA zone ('UTC' until the account is loaded or when it names an unknown zone). */
    timeZone,
    /** A time with no offset of its own, in the account's zone; '—' when absent. */
    dateTime: (iso: string | null | undefined) => (iso ? formatInZone(iso, timeZone, locale) : '—'),
    /** A time with no offset of its own, in the account's zone, with any Intl options. */
    inZone: (at: Instant, options?: Intl.DateTimeFormatOptions) =>
      formatInZone(at, timeZone, locale, options),
    /** A reading's (series point's, session's) time where it was lived: its offset, else the account's zone. */
    readingTime: (
      at: Instant,
      utcOffsetMinutes: number | null | undefined,
      options?: Intl.DateTimeFormatOptions,
    ) =>
      formatReadingTime(at, utcOffsetMinutes, locale, { timeZone, ...(options ? { format: options } : {}) }),
    /** The local calendar day ('YYYY-MM-DD') a reading was lived on: its offset, else the account's zone. */
    readingDay: (at: Instant, utcOffsetMinutes: number | null | undefined) =>
      readingLocalDate(at, utcOffsetMinutes, timeZone),
    /** Today's date ('YYYY-MM-DD') in the account's zone. */
    today: (now: number = Date.now()) => readingLocalDate(now, undefined, timeZone),
    /** A calendar date (YYYY-MM-DD) with no time zone shift. */
    date: (ymd: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${ymd}T00:00:00Z`),
      ),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}

/** An instant as the API gives it (ISO 8601 string), epoch milliseconds, or a Date. */
export type Instant = string | number | Date;

const defaultFormat: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/**
 * A reading's time where it was lived (THE display rule): at its own UTC offset when it has one, else in
 * `opts.timeZone` (the account's zone), else UTC. `opts.format` are Intl options (default: medium date,
 * short time). Time-zone names in `format` are not supported at a fixed offset (Intl would say "UTC").
 */
export function formatReadingTime(
  at: Instant,
  utcOffsetMinutes: number | null | undefined,
  locale: string,
  opts: { timeZone?: string | undefined; format?: Intl.DateTimeFormatOptions } = {},
): string {
  const ms = toMs(at);
  if (utcOffsetMinutes == null || !Number.isFinite(utcOffsetMinutes)) {
    return formatInZone(ms, opts.timeZone, locale, opts.format);
  }
  // A fixed offset is not an IANA zone: shift the instant and read its wall clock in UTC.
  return new Intl.DateTimeFormat(locale, { ...(opts.format ?? defaultFormat), timeZone: 'UTC' }).format(
    ms + utcOffsetMinutes * 60_000,
  );
}

/** An instant in an IANA zone (undefined or unknown → UTC), in the locale's format. */
export function formatInZone(
  at: Instant,
  timeZone: string | undefined,
  locale: string,
  options: Intl.DateTimeFormatOptions = defaultFormat,
): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: accountTimeZone(timeZone) }).format(
    toMs(at),
  );
}

/** The local calendar date ('YYYY-MM-DD') where a reading was lived: its offset, else the zone. */
export function readingLocalDate(
  at: Instant,
  utcOffsetMinutes: number | null | undefined,
  timeZone: string | undefined,
): string {
  const ms = toMs(at);
  if (utcOffsetMinutes != null && Number.isFinite(utcOffsetMinutes)) {
    return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  }
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: accountTimeZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The zone to use for an account: its own when the browser knows it, else UTC. */
export function accountTimeZone(tz: string | null | undefined): string {
  return tz && isTimeZone(tz) ? tz : 'UTC';
}

/** The browser's own IANA zone (what sign-up records), 'UTC' when it gives none. */
export function browserTimeZone(): string {
  return accountTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

function toMs(at: Instant): number {
  return typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
