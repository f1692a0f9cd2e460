/**
 * A FHIR dateTime in the UTC offset where the value was taken ("2024-03-01T08:30:00+01:00"): the
 * instant is the same, and a client sees the local time the user saw.
 */
export function fhirDateTime(instant: Date, utcOffsetMinutes: number): string {
  const local = new Date(instant.getTime() + utcOffsetMinutes * 60_000).toISOString();
  const withoutZone = local.slice(0, 19) + (local.slice(19, 23) === '.000' ? '' : local.slice(19, 23));
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${withoutZone}${sign}${hh}:${mm}`;
}

/** A FHIR instant (meta.lastUpdated, issued): always UTC. */
export function fhirInstant(instant: Date): string {
  return instant.toISOString();
}
