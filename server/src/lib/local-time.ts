import { isoAtOffset, localDateAtOffset, zoneOffsetAt } from '@vitalbase/core';

/**
 * Times the server writes for people (mails, the export's summary.html and CSVs, the Withings-style
 * API's `timezone` fields, FHIR `effectiveDateTime`): ONE rule, the web's too (web/src/i18n/format.ts),
 * written down in docs/time-zones.md.
 *
 * - A reading, series point or session is shown where it was lived: at the UTC offset it was taken
 *   with (`utc_offset_minutes`; ingest stores the account zone's offset when a device wrote only `Z`).
 * - Any other time (a sign-in, a request, a deadline) is shown in the account's zone (`users.time_zone`).
 * - A day is the local day where it was lived: a value's date at its own offset, for day totals and
 *   aggregates too (travel); "today" and the periods asked for are named in the account's zone
 *   (core/src/health-data/time.ts `localPeriods`).
 */

export { isoAtOffset, localDateAtOffset, zoneOffsetAt };

/** The offset to show an instant at: its own when it has one, else the zone's at that instant. */
export function offsetWhereLived(
  instantMs: number,
  utcOffsetMinutes: number | null | undefined,
  zone: string,
): number {
  return utcOffsetMinutes ?? zoneOffsetAt(zone, instantMs);
}

/**
 * A time with no offset of its own, for a mail: "29 March 2026 at 03:30 (Europe/Paris)", in French
 * "29 mars 2026 à 03:30 (Europe/Paris)" (the account's locale, default English).
 */
export function mailTime(at: Date, zone: string, locale = 'en'): string {
  const tz = safeZone(zone);
  const text = new Intl.DateTimeFormat(locale.toLowerCase().startsWith('fr') ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: tz,
  }).format(at);
  return `${text} (${tz})`;
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}
