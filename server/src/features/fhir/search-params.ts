import { EARLIEST_YEAR, LATEST_YEAR } from '@vitalbase/core';
import { Invalid } from '../../lib/errors';
import type { InstantRange } from '../health-data';

/**
 * FHIR search parameter values (https://hl7.org/fhir/R4/search.html), parsed strictly: a value we
 * cannot honour is a 400 OperationOutcome, never ignored (a client filtering by date must not get
 * everything back unfiltered).
 */

/** A half-open instant range [gte, lt); either end may be open (health-data's reader takes it). */
export type { InstantRange };

const DATE_VALUE =
  /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The instant range a date value covers at its precision: "2024-03" is all of March (UTC without a zone). */
function valueRange(m: RegExpExecArray, name: string): { lo: Date; hi: Date } {
  const [, , y, mo, d, hh, mi, ss, frac, zone] = m;
  const year = Number(y);
  const month = mo ? Number(mo) : 1;
  const day = d ? Number(d) : 1;
  const iso = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${hh ?? '00'}:${mi ?? '00'}:${ss ?? '00'}${frac ? frac.slice(0, 4).padEnd(4, '0') : '.000'}${zone ?? 'Z'}`;
  const lo = new Date(iso);
  const valid =
    !Number.isNaN(lo.getTime()) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    Number(hh ?? 0) <= 23 &&
    Number(mi ?? 0) <= 59 &&
    Number(ss ?? 0) <= 59;
  if (!valid) throw new Invalid(`${name}: not a valid date.`);
  // Bounded like every date input (core input-bounds): the database refuses year 0, and no
  // Observation lies outside these years.
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    throw new Invalid(`${name}: dates lie between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}.`);
  }
  const hi = new Date(lo);
  if (!mo) hi.setUTCFullYear(hi.getUTCFullYear() + 1);
  else if (!d) hi.setUTCMonth(hi.getUTCMonth() + 1);
  else if (!hh) hi.setUTCDate(hi.getUTCDate() + 1);
  else if (!ss) hi.setTime(hi.getTime() + 60_000);
  else if (!frac) hi.setTime(hi.getTime() + 1000);
  else hi.setTime(hi.getTime() + 1);
  return { lo, hi };
}

/**
 * `date` / `_lastUpdated`: each value with its prefix (eq, ge, gt, le, lt), all values ANDed
 * (`date=ge2024-01-01&date=lt2024-02-01`). An instant is "gt" a value when it lies after the whole
 * range the value covers at its precision.
 */
export function parseDateParam(values: readonly string[], name: string): InstantRange {
  const out: InstantRange = {};
  const tighten = (key: 'gte' | 'lt', d: Date) => {
    const cur = out[key];
    if (!cur || (key === 'gte' ? d > cur : d < cur)) out[key] = d;
  };
  for (const value of values) {
    if (value.includes(','))
      throw new Invalid(`${name}: one date per parameter (repeat the parameter to combine).`);
    const m = DATE_VALUE.exec(value);
    if (!m) throw new Invalid(`${name}: expected [prefix]YYYY[-MM[-DD[Thh:mm[:ss][zone]]]].`);
    const prefix = m[1] ?? 'eq';
    const { lo, hi } = valueRange(m, name);
    if (prefix === 'eq') {
      tighten('gte', lo);
      tighten('lt', hi);
    } else if (prefix === 'ge') tighten('gte', lo);
    else if (prefix === 'gt') tighten('gte', hi);
    else if (prefix === 'le') tighten('lt', hi);
    else if (prefix === 'lt') tighten('lt', lo);
    else throw new Invalid(`${name}: the prefix ${prefix} is not supported (eq, ge, gt, le, lt are).`);
  }
  return out;
}

export interface TokenValue {
  /** undefined: any system; '': no system. */
  system?: string;
  /** undefined: any code of the system. */
  code?: string;
}

/** `code` / `category`: comma-separated alternatives (OR), each `system|code`, `code`, `|code` or `system|`. */
export function parseTokenParam(values: readonly string[], name: string): TokenValue[][] {
  return values.map((value) =>
    value.split(',').map((part) => {
      if (!part || part.length > 300) throw new Invalid(`${name}: an empty or too long value.`);
      const bar = part.indexOf('|');
      if (bar === -1) return { code: part };
      if (part.indexOf('|', bar + 1) !== -1) throw new Invalid(`${name}: expected system|code.`);
      const system = part.slice(0, bar);
      const code = part.slice(bar + 1);
      if (!system && !code) throw new Invalid(`${name}: expected system|code.`);
      return code ? { system, code } : { system };
    }),
  );
}

/** Whether a coding matches one of the alternatives. */
export function tokenMatches(t: TokenValue, coding: { system?: string; code?: string }): boolean {
  if (t.system !== undefined && (coding.system ?? '') !== t.system) return false;
  return t.code === undefined || coding.code === t.code;
}

/** `patient` / `subject`: `Patient/<id>`, `<id>` or an absolute URL ending in Patient/<id>. Answers the ids. */
export function parsePatientParam(values: readonly string[], name: string): string[][] {
  return values.map((value) =>
    value.split(',').map((part) => {
      const m = /^(?:.*\/)?(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(part);
      if (!m || (part.includes('/') && !/(^|\/)Patient\/[^/]+$/.test(part))) {
        throw new Invalid(`${name}: expected Patient/<id>.`);
      }
      return m[1]!;
    }),
  );
}

const DEFAULT_COUNT = 50;
const MAX_COUNT = 500;

export function parseCount(value: string | undefined): number {
  if (value === undefined) return DEFAULT_COUNT;
  if (!/^\d{1,6}$/.test(value)) throw new Invalid('_count: expected a whole number.');
  return Math.min(Number(value), MAX_COUNT);
}

/** Repeated parameters arrive as arrays; single ones as strings. */
export function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function one(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw new Invalid(`${name}: give it once.`);
    return value[0];
  }
  return value;
}
