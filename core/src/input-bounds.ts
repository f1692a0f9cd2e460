import { z } from 'zod';

/**
 * Limits every input shares, checked at the edge so nothing outside them reaches the database: text is
 * well-formed UTF-16 without NUL (PostgreSQL stores neither U+0000 nor a lone surrogate, and a lone
 * surrogate written as UTF-8 silently becomes U+FFFD), and dates lie in years 1900–2200 (PostgreSQL
 * refuses year 0, JavaScript dates end in year 275760, and no health record lies outside these years).
 */

/** A surrogate half without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** No NUL (U+0000) and no lone surrogate. */
export function isWellFormedText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** The path of the first string (or object key) of a JSON value that is not well-formed text. */
export function findIllFormedText(value: unknown, path: Array<string | number> = []): string | undefined {
  if (typeof value === 'string') return isWellFormedText(value) ? undefined : path.join('.');
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findIllFormedText(v, [...path, i]);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A bad key is reported by its position, never by its text.
      if (!isWellFormedText(k)) return [...path, '(key)'].join('.');
      const found = findIllFormedText(v, [...path, k]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;
/** 1900-01-01T00:00:00Z and 2200-12-31T23:59:59.999Z, in ms since the epoch. */
export const EARLIEST_INSTANT_MS = Date.UTC(EARLIEST_YEAR, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(LATEST_YEAR + 1, 0, 1) - 1;

export function isInstantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

const outOfRange = `must lie between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}`;

/** An ISO 8601 instant with its UTC offset ('Z' or ±hh:mm), within the years 1900–2200. */
export const boundedInstantSchema = z.iso
  .datetime({ offset: true })
  .refine((s) => isInstantInRange(Date.parse(s)), outOfRange);

/** A calendar date YYYY-MM-DD within the years 1900–2200. */
export const boundedDateSchema = z.iso.date().refine((s) => {
  const year = Number(s.slice(0, 4));
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}, outOfRange);
