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
  const out: DayPoints = new Map();
  eachPackedPoint(packed, decimals, (slot, value) => out.set(slot, value));
  return out;
}

/**
 * The points of a packed day straight from its bytes, oldest first, gaps skipped: `each(slot, value)`
 * with no Map or object per point (the export formats a five-year user's millions this way).
 */
export function eachPackedPoint(
  packed: Pick<PackedDay, 'firstSlot' | 'width' | 'points'>,
  decimals: number,
  each: (slot: number, value: number) => void,
): void {
  const scale = 10 ** decimals;
  const bytes = packed.points;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / packed.width;
  for (let i = 0; i < n; i++) {
    const s = packed.width === 2 ? view.getInt16(i * 2, true) : view.getInt32(i * 4, true);
    if (s === (packed.width === 2 ? GAP16 : GAP32)) continue;
    each(packed.firstSlot + i, s / scale);
  }
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

/** One UTC day's part of a series: its values from `firstSlot` on (null = gap), first and last not null. */
export interface DayChunk {
  day: string;
  dayStart: number;
  firstSlot: number;
  values: ReadonlyArray<number | null>;
}

/**
 * Splits a series into its UTC days without an object per point (what splitIntoDays does with Maps):
 * one slice per day, leading and trailing gaps trimmed, days without a value left out.
 */
export function dayChunks(
  startMs: number,
  intervalSeconds: number,
  values: ReadonlyArray<number | null>,
): DayChunk[] {
  const out: DayChunk[] = [];
  const step = intervalSeconds * 1000;
  let i = 0;
  while (i < values.length) {
    const t = startMs + i * step;
    const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
    const end = Math.min(values.length, i + Math.ceil((dayStart + DAY_MS - t) / step));
    let a = i;
    let b = end - 1;
    while (a <= b && (values[a] === null || values[a] === undefined)) a++;
    while (b >= a && (values[b] === null || values[b] === undefined)) b--;
    if (a <= b) {
      out.push({
        day: new Date(dayStart).toISOString().slice(0, 10),
        dayStart,
        firstSlot: (startMs + a * step - dayStart) / step,
        values: values.slice(a, b + 1),
      });
    }
    i = end;
  }
  return out;
}

/**
 * Writes a chunk's values over a packed day (or none yet), the chunk winning on the slots it holds (a
 * device's resend is its latest word). `changed` is false when every value was already stored as is.
 * Works on one dense array of scaled integers, at most a day of slots.
 */
export function mergeIntoPacked(
  existing: Pick<PackedDay, 'firstSlot' | 'width' | 'points'> | undefined,
  chunk: Pick<DayChunk, 'firstSlot' | 'values'>,
  decimals: number,
): { packed: PackedDay; changed: boolean } {
  const scale = 10 ** decimals;
  const inFirst = chunk.firstSlot;
  const inLast = chunk.firstSlot + chunk.values.length - 1;
  const oldCount = existing ? existing.points.byteLength / existing.width : 0;
  const lo = oldCount ? Math.min(existing!.firstSlot, inFirst) : inFirst;
  const hi = oldCount ? Math.max(existing!.firstSlot + oldCount - 1, inLast) : inLast;
  const dense = new Int32Array(hi - lo + 1).fill(GAP32);
  if (existing && oldCount) {
    const view = new DataView(existing.points.buffer, existing.points.byteOffset, existing.points.byteLength);
    const base = existing.firstSlot - lo;
    for (let i = 0; i < oldCount; i++) {
      const s = existing.width === 2 ? view.getInt16(i * 2, true) : view.getInt32(i * 4, true);
      if (s !== (existing.width === 2 ? GAP16 : GAP32)) dense[base + i] = s;
    }
  }
  let changed = false;
  const base = inFirst - lo;
  for (let i = 0; i < chunk.values.length; i++) {
    const v = chunk.values[i];
    if (v === null || v === undefined) continue;
    const s = Math.round(v * scale);
    if (dense[base + i] !== s) {
      dense[base + i] = s;
      changed = true;
    }
  }
  let count = 0;
  let fits16 = true;
  for (let i = 0; i < dense.length; i++) {
    const s = dense[i]!;
    if (s === GAP32) continue;
    count++;
    if (s <= GAP16 || s > 32767) fits16 = false;
  }
  const width = fits16 ? 2 : 4;
  const buf = new Uint8Array(dense.length * width);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < dense.length; i++) {
    const s = dense[i]!;
    if (width === 2) view.setInt16(i * 2, s === GAP32 ? GAP16 : s, true);
    else view.setInt32(i * 4, s, true);
  }
  return { packed: { firstSlot: lo, width, points: buf, pointCount: count }, changed };
}

/** Calls `each(instant, scaled value)` for every stored point of a day, in order, without allocating. */
export function forEachScaled(
  day: Pick<PackedDay, 'firstSlot' | 'width' | 'points'> & { dayStart: number; intervalSeconds: number },
  each: (t: number, s: number) => void,
): void {
  const { points, width } = day;
  const view = new DataView(points.buffer, points.byteOffset, points.byteLength);
  const n = points.byteLength / width;
  const step = day.intervalSeconds * 1000;
  const t0 = day.dayStart + day.firstSlot * step;
  for (let i = 0; i < n; i++) {
    const s = width === 2 ? view.getInt16(i * 2, true) : view.getInt32(i * 4, true);
    if (s !== (width === 2 ? GAP16 : GAP32)) each(t0 + i * step, s);
  }
}
