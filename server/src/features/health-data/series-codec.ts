/**
 * The packed form of one day of a series (see health_series_days): points from `firstSlot` on, each
 * value × 10^decimals as a little-endian int16 — int32 when one does not fit — with the type's
 * minimum marking a gap. Pure, so it is tested without a database.
 */
export const DAY_MS = 86_400_000;
const GAP16 = -32768;
const GAP32 = -2147483648;

export interface PackedDay {
  firstSlot: number;
  width: 2 | 4;
  points: Uint8Array;
  pointCount: number;
}

/** Slot → canonical value. */
export type DayPoints = Map<number, number>;

export function packDay(points: DayPoints, decimals: number): PackedDay {
  const slots = [...points.keys()].sort((a, b) => a - b);
  if (!slots.length) return { firstSlot: 0, width: 2, points: new Uint8Array(0), pointCount: 0 };
  const scale = 10 ** decimals;
  const first = slots[0]!;
  const length = slots.at(-1)! - first + 1;
  const scaled = new Map<number, number>();
  let fits16 = true;
  for (const [slot, v] of points) {
    const s = Math.round(v * scale);
    if (s <= GAP16 || s > 32767) fits16 = false;
    scaled.set(slot, s);
  }
  const width = fits16 ? 2 : 4;
  const buf = new Uint8Array(length * width);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < length; i++) {
    const s = scaled.get(first + i);
    if (width === 2) view.setInt16(i * 2, s ?? GAP16, true);
    else view.setInt32(i * 4, s ?? GAP32, true);
  }
  return { firstSlot: first, width, points: buf, pointCount: scaled.size };
}

export function unpackDay(
  packed: Pick<PackedDay, 'firstSlot' | 'width' | 'points'>,
  decimals: number,
): DayPoints {
  const scale = 10 ** decimals;
  const out: DayPoints = new Map();
  const bytes = packed.points;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / packed.width;
  for (let i = 0; i < n; i++) {
    const s = packed.width === 2 ? view.getInt16(i * 2, true) : view.getInt32(i * 4, true);
    if (s === (packed.width === 2 ? GAP16 : GAP32)) continue;
    out.set(packed.firstSlot + i, s / scale);
  }
  return out;
}

/** Splits a series into UTC days: day (YYYY-MM-DD) → slot → value. Gaps (null) are skipped. */
export function splitIntoDays(
  startMs: number,
  intervalSeconds: number,
  values: ReadonlyArray<number | null>,
): Map<string, DayPoints> {
  const days = new Map<string, DayPoints>();
  const step = intervalSeconds * 1000;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const t = startMs + i * step;
    const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    let m = days.get(day);
    if (!m) {
      m = new Map();
      days.set(day, m);
    }
    m.set((t - dayStart) / step, v);
  }
  return days;
}

/** The instant of a slot of a UTC day. */
export function slotTime(day: string, slot: number, intervalSeconds: number): number {
  return Date.parse(`${day}T00:00:00Z`) + slot * intervalSeconds * 1000;
}

/**
 * Late syncs add points to a day: new points overwrite the same slots (a device's resend is its latest
 * word). `changed` is false when every incoming point was already stored with that value (a duplicate).
 */
export function mergeDay(existing: DayPoints, incoming: DayPoints): { merged: DayPoints; changed: boolean } {
  const merged = new Map(existing);
  let changed = false;
  for (const [slot, v] of incoming) {
    if (merged.get(slot) !== v) {
      merged.set(slot, v);
      changed = true;
    }
  }
  return { merged, changed };
}
