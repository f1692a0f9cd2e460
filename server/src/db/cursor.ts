import { isInstantInRange, isWellFormedText } from '@vitalbase/core';
import { z } from 'zod';
import { AppError } from '../lib/errors';

/**
 * The one keyset cursor encoding: base64url of a small JSON object. A cursor comes back from the
 * client, so it is decoded as untrusted input into a typed value (a zod schema per list) or refused
 * with 400 `invalid_cursor`: a forged one (NUL, a non-UUID id, a time of 1e300) never reaches SQL.
 */
export class InvalidCursor extends AppError {
  constructor() {
    super(400, 'invalid_cursor', 'The cursor is not valid: ask for the first page again without it.');
  }
}

/** An ISO instant in UTC (`…Z`, up to microseconds), within the years 1900–2200. */
const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/)
  .refine((s) => isInstantInRange(Date.parse(s)));

/** The fields cursors are made of, each bounded as the column it is compared with. */
export const cursorField = {
  /**
   * The one encoding of an instant in a cursor: its exact UTC text at the microsecond, as
   * `keysetTime` reads it from PostgreSQL (`2026-01-02T03:04:05.123456Z`). A millisecond cursor
   * would skip or repeat rows whose instants differ by less than a millisecond at a page edge.
   * Cursors issued before (ms since the epoch, or a millisecond ISO time) still decode, to the same
   * instant they meant then (`.123` is `.123000`), so a client holding one resumes where it was.
   */
  instant: z.union([
    isoInstant,
    z
      .number()
      .int()
      .refine(isInstantInRange)
      .transform((ms) => new Date(ms).toISOString()),
  ]),
  uuid: z.uuid(),
  /** A short text key (a series day's key, an Observation kind). */
  key: z.string().max(200).refine(isWellFormedText),
};

const MAX_CURSOR_LENGTH = 1000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(
  cursor: string | undefined,
  schema: S,
): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(cursor, 'base64url')));
  } catch {
    throw new InvalidCursor();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidCursor();
  return parsed.data;
}
