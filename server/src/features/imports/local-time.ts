import { isoAtOffset, zoneOffsetAt } from '@vitalbase/core';

const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

/**
 * A time as exporters write it → ISO 8601 with its UTC offset, or undefined when unreadable. A time
 * with an offset keeps it; a local time without one ("2026-09-22 10:26:00", Withings' weight.csv) is
 * placed in `zone` (the account's) only when the format says its times are local (`localZone`),
 * otherwise it is refused: an instant cannot be guessed.
 */
export function importTime(text: string, localZone: string | undefined): string | undefined {
  const t = text.trim();
  if (WITH_OFFSET.test(t)) {
    const iso = t.replace(' ', 'T');
    return Number.isNaN(Date.parse(iso)) ? undefined : iso;
  }
  const m = LOCAL.exec(t);
  if (!m || !localZone) return undefined;
  const naive = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // Date.UTC rolls 31 February over to March: a date that does not exist is refused, not moved.
  const check = new Date(naive);
  if (
    Number.isNaN(naive) ||
    check.getUTCDate() !== +m[3]! ||
    check.getUTCMonth() !== +m[2]! - 1 ||
    +m[4]! > 23
  ) {
    return undefined;
  }
  // The offset at the instant itself (a second look settles the hour around a DST change).
  let offset = zoneOffsetAt(localZone, naive);
  offset = zoneOffsetAt(localZone, naive - offset * 60_000);
  return isoAtOffset(naive - offset * 60_000, offset);
}

/** A number as a spreadsheet writes it: "72.5", or "72,5" with a decimal comma; undefined if none. */
export function importNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(/\s/g, '');
  if (!t) return undefined;
  const n = Number(t.includes('.') ? t : t.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}
