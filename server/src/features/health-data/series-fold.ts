import type { Executor } from '../../db/client';
import type { BucketIndex, ScaledBuckets } from './scaled-buckets';
import { DAY_MS, denseScaled, GAP32 } from './series-codec';
import { type DayCells, readCells, ROLLUP_SECONDS } from './series-rollup';
import { type SeriesRepo, seriesDayKey } from './series.repo';

const CELL_MS = ROLLUP_SECONDS * 1000;
/** UTC offsets in use run from −12:00 to +14:00: how far a local clock can be ahead of UTC, or behind. */
export const OFFSET_SPAN_MS = { ahead: 14 * 3_600_000, behind: 12 * 3_600_000 };
export const isoDay = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/**
 * Folds the decoded points of one series day (denseScaled) with index in [fromIndex, toIndex) and
 * instant in `range` into buckets: no object or Map per point.
 */
function foldDense(
  dense: Int32Array,
  t0: number,
  step: number,
  range: { from: number; to: number },
  index: BucketIndex,
  acc: ScaledBuckets,
  fromIndex = 0,
  toIndex = Number.POSITIVE_INFINITY,
): void {
  const n = Math.min(dense.length, toIndex);
  for (let i = Math.max(0, fromIndex); i < n; i++) {
    const s = dense[i]!;
    if (s === GAP32) continue;
    const t = t0 + i * step;
    if (t < range.from || t >= range.to) continue;
    const b = index.of(t);
    if (b >= 0) acc.add(b, s);
  }
}

/**
 * Adds a day's rollup cells that lie wholly inside one bucket to `acc`; answers the other cells in the
 * range (a bucket boundary or the range's edge inside them), or undefined. The cells of one bucket
 * are summed first and added once: an hourly or daily rollup derived from the 15-minute one (a
 * year-long chart adds ~1,800 of them instead of 35,040 cells). Integer sums: the same figures.
 */
function foldCells(
  c: DayCells,
  dayStart: number,
  range: { from: number; to: number },
  index: BucketIndex,
  acc: ScaledBuckets,
): number[] | undefined {
  const { from, to } = range;
  // Fixed buckets: a cell's bucket by one division, and whole when its last instant is in it too.
  const f = index.fixed;
  const lo = f ? Math.max(from, f.from) : from;
  const hi = f ? Math.min(to, f.to) : to;
  let partial: number[] | undefined;
  let run = -1;
  let count = 0;
  let min = 0;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < c.n; i++) {
    const start = dayStart + c.cell[i]! * CELL_MS;
    const end = start + CELL_MS;
    if (end <= from || start >= to) continue;
    let b = -1;
    if (start >= lo && end <= hi) {
      if (f) {
        b = Math.floor((start - f.from) / f.width);
        if (end - f.from > (b + 1) * f.width) b = -1;
      } else {
        b = index.of(start);
        if (b !== index.of(end - 1)) b = -1;
      }
    }
    if (b < 0) {
      if (partial) partial.push(c.cell[i]!);
      else partial = [c.cell[i]!];
      continue;
    }
    if (b !== run) {
      if (run >= 0) acc.addCell(run, count, min, max, sum);
      run = b;
      count = c.count[i]!;
      min = c.min[i]!;
      max = c.max[i]!;
      sum = c.sum[i]!;
      continue;
    }
    count += c.count[i]!;
    sum += c.sum[i]!;
    if (c.min[i]! < min) min = c.min[i]!;
    if (c.max[i]! > max) max = c.max[i]!;
  }
  if (run >= 0) acc.addCell(run, count, min, max, sum);
  return partial;
}

/**
 * Adds every stored point of a series metric (all sources) falling in a bucket of `index` to `acc`,
 * as scaled integers. Cells of a day's rollup that lie wholly inside one bucket are added whole; the
 * points of the other cells (a bucket boundary or the range's edge inside them), and of days without a
 * rollup, are read from the packed points of just those days. `useRollups: false` reads every point
 * (the reference the rollup path is tested against). `localClock: true` reads `range` and the buckets
 * on the clock where each point was lived (its instant + its day's `utc_offset_minutes`): local days cut
 * at each day's own offset, for travel (docs/time-zones.md). Offsets are whole quarter hours, so a
 * rollup cell stays whole on either clock.
 */
export async function foldSeries(
  repo: Pick<SeriesRepo, 'listDaySummaries' | 'listDayPoints'>,
  userId: string,
  metric: string,
  range: { from: number; to: number },
  index: BucketIndex,
  acc: ScaledBuckets,
  opts: { useRollups?: boolean; tx?: Executor; localClock?: boolean } = {},
): Promise<void> {
  const { from, to } = range;
  if (to <= from) return;
  const useRollups = opts.useRollups ?? true;
  // On the local clock, the range's points lie in UTC from 14 h before it to 12 h after it.
  const widen = opts.localClock ? OFFSET_SPAN_MS : { ahead: 0, behind: 0 };
  const rows = await repo.listDaySummaries(
    userId,
    metric,
    isoDay(from - widen.ahead),
    isoDay(to - 1 + widen.behind),
    opts.tx,
  );
  /** Days whose points must be read: every point (null), or only those of some cells. */
  const needed = new Map<string, { dayStart: number; cells: number[] | null }>();
  for (const row of rows) {
    const dayStart =
      Date.parse(`${row.day}T00:00:00Z`) + (opts.localClock ? row.utcOffsetMinutes * 60_000 : 0);
    if (!useRollups || !row.rollup) {
      needed.set(seriesDayKey(row), { dayStart, cells: null });
      continue;
    }
    const partial = foldCells(
      readCells(row.rollup, row.width, row.firstSlot, row.intervalSeconds),
      dayStart,
      range,
      index,
      acc,
    );
    if (partial) needed.set(seriesDayKey(row), { dayStart, cells: partial });
  }
  if (!needed.size) return;
  const days = [...new Set(rows.filter((r) => needed.has(seriesDayKey(r))).map((r) => r.day))];
  for (const p of await repo.listDayPoints(userId, metric, days, opts.tx)) {
    const need = needed.get(seriesDayKey({ ...p, metric }));
    if (!need) continue;
    const dense = denseScaled(p);
    const slotMs = p.intervalSeconds * 1000;
    const t0 = need.dayStart + p.firstSlot * slotMs;
    if (!need.cells) {
      foldDense(dense, t0, slotMs, range, index, acc);
      continue;
    }
    for (const cell of need.cells) {
      // The slots whose instants fall in [cell start, cell end).
      const first = Math.ceil((cell * CELL_MS) / slotMs) - p.firstSlot;
      const end = Math.ceil(((cell + 1) * CELL_MS) / slotMs) - p.firstSlot;
      foldDense(dense, t0, slotMs, range, index, acc, first, end);
    }
  }
}
