/**
 * The original gives each group an IANA time zone name. We store the UTC offset where a value was
 * taken: the user's zone when it had that offset at that instant (the usual case), else a fixed-offset
 * zone (`Etc/GMT-2` for +02:00: IANA's Etc names have the sign reversed), else `UTC+05:30`.
 */
export function zoneNameFor(userZone: string, instantMs: number, offsetMinutes: number): string {
  if (offsetOf(userZone, instantMs) === offsetMinutes) return userZone;
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  if (abs % 60 === 0) return `Etc/GMT${offsetMinutes > 0 ? '-' : '+'}${abs / 60}`;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

/**
 * One formatter per zone, kept: creating an Intl.DateTimeFormat costs far more than formatting with
 * it (it was a quarter of getmeas's CPU, one per measure group). `null` marks a zone Intl refused.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat | null>();

function offsetFormat(zone: string): Intl.DateTimeFormat | null {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      format = null;
    }
    // Zone names come from stored accounts (a few hundred IANA names at most); bounded anyway.
    if (offsetFormats.size >= 1000) offsetFormats.clear();
    offsetFormats.set(zone, format);
  }
  return format;
}

/** The UTC offset of a zone at an instant, in minutes (undefined for an unknown zone). */
function offsetOf(zone: string, instantMs: number): number | undefined {
  const format = offsetFormat(zone);
  if (!format) return undefined;
  try {
    const part = format.formatToParts(new Date(instantMs)).find((p) => p.type === 'timeZoneName')?.value;
    if (!part) return undefined;
    if (part === 'GMT') return 0;
    const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part);
    if (!m) return undefined;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  } catch {
    return undefined;
  }
}

/** The local calendar date (YYYY-MM-DD) of an instant at a UTC offset. */
export function dateAtOffset(instantMs: number, offsetMinutes: number): string {
  return new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
