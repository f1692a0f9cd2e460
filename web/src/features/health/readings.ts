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

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(ms: number, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Readings of several metric queries, each once (a weigh-in holds weight and fat), newest first. */
export function mergeNewestFirst<T extends { id: string; takenAt: string }>(
  lists: ReadonlyArray<readonly T[]>,
): T[] {
  const byId = new Map<string, T>();
  for (const l of lists) for (const r of l) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
}
