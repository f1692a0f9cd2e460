import { isoAtOffset } from '../../lib/local-time';

/** Small pure helpers shared by the export's files (JSON, CSV, HTML). */

/**
 * An instant as local wall-clock time with its UTC offset, e.g. `2025-03-01T08:30:00+01:00`: where it
 * was lived, as the app shows it (the one rule: lib/local-time.ts).
 */
export function localIso(instantMs: number, utcOffsetMinutes: number): string {
  return isoAtOffset(instantMs, utcOffsetMinutes);
}

/** Column-name fragments that mark a secret or a credential: never exported, whatever the table. */
const SECRET_COLUMN = /hash|secret|password|challenge|token$/i;

/**
 * A database row as plain JSON: secret-looking columns and `omit` dropped, the owner's user id left
 * out (it is the export's own), dates as ISO strings, bytes as base64.
 */
export function rowToJson(
  row: Record<string, unknown>,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'userId' || omit.includes(key) || SECRET_COLUMN.test(key)) continue;
    if (value instanceof Date) out[key] = value.toISOString();
    else if (value instanceof Uint8Array) out[key] = Buffer.from(value).toString('base64');
    else out[key] = value;
  }
  return out;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}
