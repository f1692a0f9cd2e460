import { createHash } from 'node:crypto';

/**
 * How values and ids look in the Withings format.
 */

/**
 * A stored value as the original's `{ value, unit }` pair, where the real value is `value × 10^unit`
 * exactly. The digits come from the shortest decimal text of the stored number (what it was rounded
 * to at ingest: 72.345 → 72345 × 10^-3), never from a float multiplication (72.345 × 1000 =
 * 72344.99999999999). When that text has more digits than an integer holds exactly, the value is
 * rounded to the metric's decimals instead.
 */
export function toWithingsValue(stored: number, decimals: number): { value: number; unit: number } {
  const exact = fromDecimalText(String(stored));
  if (exact && Number.isSafeInteger(exact.value)) return exact;
  return { value: Math.round(stored * 10 ** decimals), unit: -decimals };
}

function fromDecimalText(text: string): { value: number; unit: number } | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = `${int}${frac}`.replace(/^0+(?=\d)/, '');
  let unit = Number(exp) - frac.length;
  // 80.0 is stored as 80; 1.5e21 has no fraction: keep the pair small where it costs nothing.
  while (unit < 0 && digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    unit += 1;
  }
  const value = Number(`${sign}${digits}`);
  return { value: Object.is(value, -0) ? 0 : value, unit };
}

/** The real value of a pair, computed in decimal (the text `<value>e<unit>`), not by float powers. */
export function fromWithingsValue(pair: { value: number; unit: number }): number {
  return Number(`${pair.value}e${pair.unit}`);
}

/**
 * The original's ids (grpid, workout id, sleep id) are integers, and clients parse them as such. Ours
 * are random UUIDs (v4): the 52 random bits of its first 13 random hex digits make a stable integer
 * below 2^53 (exact in JSON and JavaScript). Two of one user's rows share one with a probability
 * around n²/2^53: ~10^-8 for 10,000 rows.
 */
export function withingsIdOf(uuid: string): number {
  const hex = uuid.replace(/-/g, '');
  // Skip hex digit 13: the UUID version nibble, the same for every v4 id.
  const random = `${hex.slice(0, 12)}${hex.slice(13, 14)}`;
  return Number.parseInt(random, 16);
}

/** The same kind of integer for rows without a UUID (a goal: user and kind). */
export function withingsIdOfText(text: string): number {
  const hex = createHash('sha256').update(text).digest('hex');
  return Number.parseInt(hex.slice(0, 13), 16);
}
