/**
 * Per-15-minute summaries of a packed series day (min, max, sum, count of the scaled integers),
 * computed when the day is written and stored beside its points (health_series_days.rollup). A chart or
 * aggregate whose buckets hold whole cells adds up cells instead of decoding points: a year of minute
 * heart rate is 35,040 cells instead of 525,600 points. Pure, tested without a database.
 *
 * Layout: one record per cell from the cell of `firstSlot` to the cell of the last slot, each
 * count (uint16) · min · max (int16 when the day's width is 2, else int32) · sum (int32 when the width
 * is 2 — at most 900 points of ≤ 32,767 — else float64, exact for integers below 2^53), little-endian.
 * 15 minutes because every local-day boundary in use today (UTC offsets of whole quarter hours) falls
 * on a cell boundary, and the web app's chart buckets (1 h … 1 week) are whole cells.
 *
 * A compact day (width 1, series-codec.ts) has a compact rollup: varint cell count, then four columns
 * of bit-packed blocks (series-bits.ts), one value a cell: zigzag(count − previous count), zigzag(min −
 * previous min), max − min, sum − count × min (empty cells: 0, 0, 0 and the previous min kept). A
 * minute heart rate's cell takes ~2–3 bytes instead of 10.
 */
import { ByteReader, ByteWriter, unzigzag, zigzag } from './series-bits';
import { COMPACT, denseScaled, GAP32, type PackedDay, type SeriesWidth } from './series-codec';

export const ROLLUP_SECONDS = 900;
/** Coarser series hold too few points per cell for a summary to be worth its bytes. */
const ROLLUP_MAX_INTERVAL_SECONDS = 60;

const rollupRecordBytes = (width: 2 | 4) => (width === 2 ? 10 : 18);
/** The cell (0–95) of the day holding a slot. */
export const cellOfSlot = (slot: number, intervalSeconds: number) =>
  Math.floor((slot * intervalSeconds) / ROLLUP_SECONDS);

export function buildRollup(
  packed: Pick<PackedDay, 'firstSlot' | 'width' | 'points' | 'pointCount'>,
  intervalSeconds: number,
): Uint8Array | null {
  if (intervalSeconds > ROLLUP_MAX_INTERVAL_SECONDS || packed.pointCount === 0) return null;
  const { firstSlot, width } = packed;
  const dense = denseScaled(packed);
  const n = dense.length;
  const firstCell = cellOfSlot(firstSlot, intervalSeconds);
  const cells = cellOfSlot(firstSlot + n - 1, intervalSeconds) - firstCell + 1;
  const count = new Array<number>(cells).fill(0);
  const min = new Array<number>(cells).fill(0);
  const max = new Array<number>(cells).fill(0);
  const sum = new Array<number>(cells).fill(0);
  for (let i = 0; i < n; i++) {
    const s = dense[i]!;
    if (s === GAP32) continue;
    const k = cellOfSlot(firstSlot + i, intervalSeconds) - firstCell;
    if (count[k] === 0) {
      min[k] = s;
      max[k] = s;
    } else {
      if (s < min[k]!) min[k] = s;
      if (s > max[k]!) max[k] = s;
    }
    sum[k]! += s;
    count[k]!++;
  }
  if (width === COMPACT) return compactRollup(count, min, max, sum);
  const rec = rollupRecordBytes(width);
  const out = new Uint8Array(cells * rec);
  const view = new DataView(out.buffer);
  for (let k = 0; k < cells; k++) {
    if (count[k] === 0) continue;
    const o = k * rec;
    view.setUint16(o, count[k]!, true);
    if (width === 2) {
      view.setInt16(o + 2, min[k]!, true);
      view.setInt16(o + 4, max[k]!, true);
      view.setInt32(o + 6, sum[k]!, true);
    } else {
      view.setInt32(o + 2, min[k]!, true);
      view.setInt32(o + 6, max[k]!, true);
      view.setFloat64(o + 10, sum[k]!, true);
    }
  }
  return out;
}

function compactRollup(count: number[], min: number[], max: number[], sum: number[]): Uint8Array {
  const cells = count.length;
  const cols = [
    new Array<number>(cells),
    new Array<number>(cells),
    new Array<number>(cells),
    new Array<number>(cells),
  ];
  let prevCount = 0;
  let prevMin = 0;
  for (let k = 0; k < cells; k++) {
    const c = count[k]!;
    cols[0]![k] = zigzag(c - prevCount);
    prevCount = c;
    if (c === 0) {
      cols[1]![k] = 0;
      cols[2]![k] = 0;
      cols[3]![k] = 0;
      continue;
    }
    cols[1]![k] = zigzag(min[k]! - prevMin);
    prevMin = min[k]!;
    cols[2]![k] = max[k]! - min[k]!;
    cols[3]![k] = sum[k]! - c * min[k]!;
  }
  const w = new ByteWriter();
  w.varint(cells);
  for (const col of cols) w.blocks(col, 0, cells);
  return w.bytes();
}

let columns = new Float64Array(4 * 96);

/** The cells of a day holding points, in typed arrays: `n` of them, in order. */
export interface DayCells {
  n: number;
  /** The cell of the UTC day (0–95). */
  cell: Int32Array;
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
}

const newCells = (size: number): DayCells => ({
  n: 0,
  cell: new Int32Array(size),
  count: new Float64Array(size),
  min: new Float64Array(size),
  max: new Float64Array(size),
  sum: new Float64Array(size),
});
let cellsOut = newCells(96);

/**
 * The cells of a day's rollup that hold points. The arrays are reused by the next call (a year-long
 * chart reads 365 days without allocating per day or calling back per cell): read them first.
 */
export function readCells(
  rollup: Uint8Array,
  width: SeriesWidth,
  firstSlot: number,
  intervalSeconds: number,
): DayCells {
  const firstCell = cellOfSlot(firstSlot, intervalSeconds);
  if (width === COMPACT) {
    const r = new ByteReader(rollup);
    const cells = r.varint();
    if (columns.length < 4 * cells) columns = new Float64Array(4 * cells);
    if (cellsOut.cell.length < cells) cellsOut = newCells(cells);
    const col = columns;
    const out = cellsOut;
    for (let c = 0; c < 4; c++) r.blocks(cells, col, c * cells);
    let n = 0;
    let count = 0;
    let min = 0;
    for (let k = 0; k < cells; k++) {
      // unzigzag's int path inlined: a call a cell across modules showed in the chart's profile.
      const uc = col[k]!;
      count += uc < 2147483648 ? (uc >>> 1) ^ -(uc & 1) : unzigzag(uc);
      if (count === 0) continue;
      const um = col[cells + k]!;
      min += um < 2147483648 ? (um >>> 1) ^ -(um & 1) : unzigzag(um);
      out.cell[n] = firstCell + k;
      out.count[n] = count;
      out.min[n] = min;
      out.max[n] = min + col[2 * cells + k]!;
      out.sum[n] = count * min + col[3 * cells + k]!;
      n++;
    }
    out.n = n;
    return out;
  }
  const rec = rollupRecordBytes(width);
  const view = new DataView(rollup.buffer, rollup.byteOffset, rollup.byteLength);
  const cells = rollup.byteLength / rec;
  if (cellsOut.cell.length < cells) cellsOut = newCells(cells);
  const out = cellsOut;
  let n = 0;
  for (let k = 0; k < cells; k++) {
    const o = k * rec;
    const count = view.getUint16(o, true);
    if (count === 0) continue;
    out.cell[n] = firstCell + k;
    out.count[n] = count;
    if (width === 2) {
      out.min[n] = view.getInt16(o + 2, true);
      out.max[n] = view.getInt16(o + 4, true);
      out.sum[n] = view.getInt32(o + 6, true);
    } else {
      out.min[n] = view.getInt32(o + 2, true);
      out.max[n] = view.getInt32(o + 6, true);
      out.sum[n] = view.getFloat64(o + 10, true);
    }
    n++;
  }
  out.n = n;
  return out;
}

/** Calls `each` for every cell holding points, in order; `cell` is the cell of the UTC day (0–95). */
export function forEachCell(
  rollup: Uint8Array,
  width: SeriesWidth,
  firstSlot: number,
  intervalSeconds: number,
  each: (cell: number, count: number, min: number, max: number, sum: number) => void,
): void {
  const c = readCells(rollup, width, firstSlot, intervalSeconds);
  for (let i = 0; i < c.n; i++) each(c.cell[i]!, c.count[i]!, c.min[i]!, c.max[i]!, c.sum[i]!);
}
