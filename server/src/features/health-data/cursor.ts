import { Invalid } from '../../lib/errors';

/** Opaque keyset cursors: base64url JSON, checked on the way back in (a bad one is a 400, never a 500). */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  check: (v: Record<string, unknown>) => v is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && check(v)) return v;
  } catch {
    // fall through
  }
  throw new Invalid('The cursor is not valid.');
}
