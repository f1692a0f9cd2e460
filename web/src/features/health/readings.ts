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

/** The order a person reads a reading's values in: what they measured first, then the details. */
const readingOrder = [
  'weight',
  'systolic_bp',
  'diastolic_bp',
  'heart_rate',
  'fat_ratio',
  'fat_mass',
  'fat_free_mass',
  'muscle_mass',
  'hydration',
  'bone_mass',
  'visceral_fat',
  'basal_metabolic_rate',
  'pulse_wave_velocity',
  'vascular_age',
];

/** A reading's measures in the order a person reads them (weight first, systolic before diastolic). */
export function inReadingOrder<M extends { metric: string }>(measures: readonly M[]): M[] {
  const rank = (m: string) => {
    const i = readingOrder.indexOf(m);
    return i < 0 ? readingOrder.length : i;
  };
  return [...measures].sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric));
}

/** One value of a reading as shown: `named` false when the unit says what it is (60 bpm after a pressure). */
export interface ReadingPart {
  metric: string;
  text: string;
  named: boolean;
}

/**
 * A reading's values as a person reads them: a weigh-in's weight first, a blood pressure as
 * "117/80 mmHg" with its pulse, then the rest in a fixed order. `fmt` formats one value in the user's
 * units and language.
 */
export function readingParts(
  measures: ReadonlyArray<{ metric: string; value: number }>,
  fmt: (metric: string, value: number) => string,
): ReadingPart[] {
  const sorted = inReadingOrder(measures);
  const sys = sorted.find((m) => m.metric === 'systolic_bp');
  const dia = sorted.find((m) => m.metric === 'diastolic_bp');
  const parts: ReadingPart[] = [];
  for (const m of sorted) {
    if (sys && dia && m === dia) continue;
    if (sys && dia && m === sys) {
      parts.push({
        metric: 'blood_pressure',
        text: `${Math.round(sys.value)}/${Math.round(dia.value)} mmHg`,
        named: true,
      });
      continue;
    }
    const pulseOfPressure = m.metric === 'heart_rate' && sys !== undefined;
    parts.push({ metric: m.metric, text: fmt(m.metric, m.value), named: !pulseOfPressure });
  }
  return parts;
}

/** The local date `n` days after `date` (negative: before), calendar arithmetic without a time zone. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A `?day=` value if it is a real calendar date (YYYY-MM-DD), else undefined. */
export function parseDay(value: string | null): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? undefined : value;
}

/**
 * The instants to ask for to get every reading lived on a local day, whatever offset it was taken at
 * (−12 h to +14 h): the page then keeps those whose own local day it is.
 */
export function dayWindow(date: string): { from: string; to: string } {
  const start = Date.parse(`${date}T00:00:00Z`);
  return {
    from: new Date(start - 14 * 3_600_000).toISOString(),
    to: new Date(start + 36 * 3_600_000).toISOString(),
  };
}
