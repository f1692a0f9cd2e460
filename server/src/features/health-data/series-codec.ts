/**
 * The packed form of one day of a series (see health_series_days): points from `firstSlot` on, as
 * scaled integers (value × 10^decimals). Two layouts, told apart by `width`:
 * - 1, compact (written today): varint slot count, varint gap-run count and each run (varint offset
 *   from the previous run's end, varint length), then the first value as a zigzag varint and the
 *   zigzag deltas of the next ones in bit-packed blocks (series-bits.ts). Slots are dense, so the
 *   timestamps cost nothing (Gorilla's delta-of-delta is always 0 here); a minute heart rate's deltas
 *   take 4–6 bits. Any int32 value fits.
 * - 2 or 4, fixed (rows written before): little-endian int16 — int32 when one did not fit — with the
 *   type's minimum marking a gap. Still read, never written.
 * Every reader goes through `denseScaled` (or the functions built on it). Pure, tested without a
 * database.
 */
import { ByteReader, ByteWriter, unzigzag, zigzag } from './series-bits';

export const DAY_MS = 86_400_000;
const GAP16 = -32768;
/** Marks a gap in the dense arrays below (a stored value never equals it). */
export const GAP32 = -2147483648;
export const COMPACT = 1;
export type SeriesWidth = 1 | 2 | 4;

export interface PackedDay {
  firstSlot: number;
  width: SeriesWidth;
  points: Uint8Array;
  pointCount: number;
}
type Packed = Pick<PackedDay, 'firstSlot' | 'width' | 'points'>;

let scratch = new Int32Array(1440);
let deltas = new Float64Array(1440);

/**
 * A packed day's scaled values from `firstSlot` to its last slot, GAP32 for gaps. The array is a
 * buffer reused by the next call (a chart folds hundreds of days without allocating per day): read it
 * before decoding another day.
 */
export function denseScaled(packed: Packed): Int32Array {
  const bytes = packed.points;
  if (packed.width !== COMPACT) {
    const n = bytes.byteLength / packed.width;
    const out = scratchOf(n);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (packed.width === 2) {
      for (let i = 0; i < n; i++) {
        const s = view.getInt16(i * 2, true);
        out[i] = s === GAP16 ? GAP32 : s;
      }
    } else for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
    return out;
  }
  if (bytes.byteLength === 0) return scratchOf(0);
  const r = new ByteReader(bytes);
  const n = r.varint();
  const out = scratchOf(n);
  out.fill(0);
  let gaps = 0;
  for (let runs = r.varint(), at = 0; runs > 0; runs--) {
    at += r.varint();
    const len = r.varint();
    out.fill(GAP32, at, at + len);
    at += len;
    gaps += len;
  }
  const count = n - gaps;
  if (deltas.length < count) deltas = new Float64Array(count * 2);
  let v = unzigzag(r.varint());
  const d = deltas;
  r.blocks(count - 1, d);
  // Int ops on the deltas while they are below 2^31 (always, for int16 values): a hot loop V8 keeps
  // in integers.
  out[0] = v;
  for (let i = 1, k = 0; i < n; i++) {
    if (out[i] === GAP32) continue;
    const u = d[k++]!;
    v = u < 2147483648 ? (v + ((u >>> 1) ^ -(u & 1))) | 0 : v + unzigzag(u);
    out[i] = v;
  }
  return out;
}

function scratchOf(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
  return scratch.subarray(0, n);
}

/** The compact bytes of dense scaled values (GAP32 = gap; the first and last are not gaps). */
function encodeCompact(dense: Int32Array): { points: Uint8Array; pointCount: number } {
  const w = new ByteWriter();
  const n = dense.length;
  if (n === 0) return { points: new Uint8Array(0), pointCount: 0 };
  w.varint(n);
  const runs: number[] = [];
  for (let i = 0, end = 0; i < n; i++) {
    if (dense[i] !== GAP32) continue;
    let j = i;
    while (j < n && dense[j] === GAP32) j++;
    runs.push(i - end, j - i);
    end = j;
    i = j;
  }
  w.varint(runs.length / 2);
  for (const x of runs) w.varint(x);
  const values: number[] = [];
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const s = dense[i]!;
    if (s === GAP32) continue;
    values.push(values.length === 0 ? zigzag(s) : zigzag(s - prev));
    prev = s;
  }
  w.varint(values[0]!);
  w.blocks(values, 1, values.length - 1);
  return { points: w.bytes(), pointCount: values.length };
}

/** Slot → canonical value. */
export type DayPoints = Map<number, number>;

export function packDay(points: DayPoints, decimals: number): PackedDay {
  const slots = [...points.keys()].sort((a, b) => a - b);
  if (!slots.length) return { firstSlot: 0, width: COMPACT, points: new Uint8Array(0), pointCount: 0 };
  const scale = 10 ** decimals;
  const first = slots[0]!;
  const dense = new Int32Array(slots.at(-1)! - first + 1).fill(GAP32);
  for (const [slot, v] of points) dense[slot - first] = Math.round(v * scale);
  return { firstSlot: first, width: COMPACT, ...encodeCompact(dense) };
}

export function unpackDay(packed: Packed, decimals: number): DayPoints {
  const out: DayPoints = new Map();
  eachPackedPoint(packed, decimals, (slot, value) => out.set(slot, value));
  return out;
}

/**
 * The points of a packed day straight from its bytes, oldest first, gaps skipped: `each(slot, value)`
 * with no Map or object per point (the export formats a five-year user's millions this way).
 */
export function eachPackedPoint(
  packed: Packed,
  decimals: number,
  each: (slot: number, value: number) => void,
): void {
  const scale = 10 ** decimals;
  const dense = denseScaled(packed);
  for (let i = 0; i < dense.length; i++) {
    const s = dense[i]!;
    if (s !== GAP32) each(packed.firstSlot + i, s / scale);
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
  existing: Packed | undefined,
  chunk: Pick<DayChunk, 'firstSlot' | 'values'>,
  decimals: number,
): { packed: PackedDay; changed: boolean } {
  const scale = 10 ** decimals;
  const inFirst = chunk.firstSlot;
  const inLast = chunk.firstSlot + chunk.values.length - 1;
  const old = existing ? denseScaled(existing) : undefined;
  const oldCount = old ? old.length : 0;
  const lo = oldCount ? Math.min(existing!.firstSlot, inFirst) : inFirst;
  const hi = oldCount ? Math.max(existing!.firstSlot + oldCount - 1, inLast) : inLast;
  const dense = new Int32Array(hi - lo + 1).fill(GAP32);
  if (old && oldCount) dense.set(old, existing!.firstSlot - lo);
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
  return { packed: { firstSlot: lo, width: COMPACT, ...encodeCompact(dense) }, changed };
}

/** Calls `each(instant, scaled value)` for every stored point of a day, in order, without allocating. */
export function forEachScaled(
  day: Packed & { dayStart: number; intervalSeconds: number },
  each: (t: number, s: number) => void,
): void {
  const dense = denseScaled(day);
  const step = day.intervalSeconds * 1000;
  const t0 = day.dayStart + day.firstSlot * step;
  for (let i = 0; i < dense.length; i++) {
    const s = dense[i]!;
    if (s !== GAP32) each(t0 + i * step, s);
  }
}
