import { readingLocalDate } from '../../i18n/format';

/** Pure helpers for readings as the API gives and takes them. */

/** An instant written in the local time where it was taken: 2026-11-23T07:31:00+01:00. */
export function isoWithOffset(instantIso: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(instantIso) + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A `datetime-local` input's value (browser's local time) as an ISO instant with this browser's offset. */
export function fromLocalInput(value: string): string | undefined {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return undefined;
  return isoWithOffset(d.toISOString(), -d.getTimezoneOffset());
}

/** An instant as a `datetime-local` input value in the browser's local time. */
export function toLocalInput(instantIso: string): string {
  const d = new Date(instantIso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A `datetime-local` value showing an instant at a UTC offset: a reading's own wall clock. */
export function toInputAtOffset(instantIso: string, offsetMinutes: number): string {
  return isoWithOffset(instantIso, offsetMinutes).slice(0, 16);
}

/** A `datetime-local` value read at a UTC offset: an edited reading keeps the offset it was taken with. */
export function fromInputAtOffset(value: string, offsetMinutes: number): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value);
  const wall = m ? Date.parse(`${m[1]}${m[2] ?? ':00'}Z`) : Number.NaN;
  if (Number.isNaN(wall)) return undefined;
  return isoWithOffset(new Date(wall - offsetMinutes * 60_000).toISOString(), offsetMinutes);
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (the one rule: i18n/format.ts). */
export function localDate(ms: number, timeZone: string | undefined): string {
  return readingLocalDate(ms, null, timeZone);
}

/** Readings of several metric queries, each once (a weigh-in holds weight and fat), newest first. */
export function mergeNewestFirst<T extends { id: string; takenAt: string }>(
  lists: ReadonlyArray<readonly T[]>,
): T[] {
  const byId = new Map<string, T>();
  for (const l of lists) for (const r of l) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
}
