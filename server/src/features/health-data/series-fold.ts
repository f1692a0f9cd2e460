import type { Executor } from '../../db/client';
import type { BucketIndex, ScaledBuckets } from './scaled-buckets';
import { DAY_MS, denseScaled, GAP32 } from './series-codec';
import { forEachCell, ROLLUP_SECONDS } from './series-rollup';
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
    const partial: number[] = [];
    forEachCell(row.rollup, row.width, row.firstSlot, row.intervalSeconds, (cell, count, min, max, sum) => {
      const start = dayStart + cell * CELL_MS;
      const end = start + CELL_MS;
      if (end <= from || start >= to) return;
      const b = start >= from && end <= to ? index.of(start) : -1;
      if (b >= 0 && b === index.of(end - 1)) acc.addCell(b, count, min, max, sum);
      else partial.push(cell);
    });
    if (partial.length) needed.set(seriesDayKey(row), { dayStart, cells: partial });
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
