import { boundedDateSchema } from '@vitalbase/core';
import { z } from 'zod';

/**
 * Parameter types of the Withings-style API, all read from text (query, form or JSON made text by the
 * parser). Times are Unix seconds; some clients send them with decimals (Python's
 * `datetime.timestamp()`), which the original accepts, so the fraction is dropped.
 */

/** Year 9999: anything later is not a date. */
const MAX_UNIX_SECONDS = 253_402_300_799;

export const unixTime = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,9})?$/)
  .transform((s) => Math.floor(Number(s)))
  .refine((n) => n <= MAX_UNIX_SECONDS)
  .transform((n) => new Date(n * 1000));

/** A calendar date in years 1900–2200, like every date input (core input-bounds). */
export const ymd = z.string().trim().pipe(boundedDateSchema);

export const offset = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/)
  .transform(Number);

export const positiveInt = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** `1,4,9` (spaces allowed), at most 100 entries. */
export const intList = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\s*,\s*\d{1,9}){0,99}$/)
  .transform((s) => s.split(',').map((x) => Number(x.trim())));

/** `steps,distance`: unknown names are ignored, as the original does. */
export const fieldList = z
  .string()
  .trim()
  .max(2000)
  .transform(
    (s) =>
      new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
  );

export const toUnix = (d: Date): number => Math.floor(d.getTime() / 1000);
