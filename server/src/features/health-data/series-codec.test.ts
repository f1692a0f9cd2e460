import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPACT,
  denseScaled,
  GAP32,
  mergeDay,
  mergeIntoPacked,
  type PackedDay,
  packDay,
  splitIntoDays,
  unpackDay,
} from './series-codec';
import { buildRollup, cellOfSlot, forEachCell } from './series-rollup';

/** The fixed layout rows written before the compact one carry (width 2 or 4, the type's minimum = gap). */
function legacyPack(dense: Array<number | null>, width: 2 | 4): Uint8Array {
  const buf = new Uint8Array(dense.length * width);
  const view = new DataView(buf.buffer);
  dense.forEach((s, i) => {
    if (width === 2) view.setInt16(i * 2, s ?? -32768, true);
    else view.setInt32(i * 4, s ?? GAP32, true);
  });
  return buf;
}

/** A day of scaled values with gaps (first and last present), in int16 or int32 range. */
const day = fc.constantFrom(16, 32).chain((bits) => {
  const lim = 2 ** (bits - 1) - 1;
  const v = fc.oneof(
    fc.integer({ min: -lim, max: lim }),
    // A slow walk, as a device's values go: small deltas, the common case of the bit packing.
    fc.integer({ min: -3, max: 3 }).map((d) => 70 + d),
  );
  return fc
    .tuple(v, fc.array(fc.option(v, { freq: 3 }), { maxLength: 1500 }), v)
    .map(([a, mid, b]) => ({ bits, values: [a, ...mid, b] }));
});

/** The cells computed point by point: cell → count, min, max, sum. */
function cellsOf(firstSlot: number, dense: ReadonlyArray<number | null>, iv: number) {
  const cells = new Map<number, { count: number; min: number; max: number; sum: number }>();
  dense.forEach((s, i) => {
    if (s === null) return;
    const c = cellOfSlot(firstSlot + i, iv);
    const e = cells.get(c);
    if (!e) cells.set(c, { count: 1, min: s, max: s, sum: s });
    else
      Object.assign(e, {
        count: e.count + 1,
        min: Math.min(e.min, s),
        max: Math.max(e.max, s),
        sum: e.sum + s,
      });
  });
  return cells;
}

describe('series codec', () => {
  it('round-trips values with gaps, compact', () => {
    const pts = new Map([
      [10, 61],
      [11, 62],
      [14, 180],
    ]);
    const packed = packDay(pts, 0);
    expect(packed).toMatchObject({ firstSlot: 10, width: COMPACT, pointCount: 3 });
    expect(unpackDay(packed, 0)).toEqual(pts);
  });
  it('keeps values beyond int16', () => {
    const pts = new Map([
      [0, 74.955],
      [1, 80.1],
      [3, -2_000_000],
    ]);
    expect(unpackDay(packDay(pts, 3), 3)).toEqual(pts);
  });
  it('stores a day of slowly moving minute values in about a byte a point, its rollup in a third more', () => {
    const pts = new Map(Array.from({ length: 1440 }, (_, i) => [i, 60 + Math.round(10 * Math.sin(i / 30))]));
    const packed = packDay(pts, 0);
    expect(packed.points.byteLength).toBeLessThan(1440);
    expect(buildRollup(packed, 60)!.byteLength).toBeLessThan(1440 / 3);
  });
  it('reads the rows written in the fixed layout (width 2 and 4) as before', () => {
    const dense = [61, null, null, 62, 180];
    const expected = new Map([
      [7, 61],
      [10, 62],
      [11, 180],
    ]);
    for (const width of [2, 4] as const) {
      expect(unpackDay({ firstSlot: 7, width, points: legacyPack(dense, width) }, 0)).toEqual(expected);
      const merged = mergeIntoPacked(
        { firstSlot: 7, width, points: legacyPack(dense, width) },
        { firstSlot: 12, values: [5] },
        0,
      );
      expect(merged.packed.width).toBe(COMPACT);
      expect(unpackDay(merged.packed, 0)).toEqual(new Map([...expected, [12, 5]]));
    }
  });
  it('property: compact round-trips random days with gaps (int16 and int32 ranges), as the fixed layout read them', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 1000 }), ({ bits, values }, firstSlot) => {
        const pts = new Map<number, number>();
        values.forEach((v, i) => {
          if (v !== null) pts.set(firstSlot + i, v);
        });
        const packed = packDay(pts, 0);
        expect(packed.pointCount).toBe(pts.size);
        expect(unpackDay(packed, 0)).toEqual(pts);
        const legacy = {
          firstSlot,
          width: bits === 16 ? 2 : 4,
          points: legacyPack(values, bits === 16 ? 2 : 4),
        } as const;
        expect([...denseScaled(packed)]).toEqual([...denseScaled(legacy)]);
      }),
      { numRuns: 300 },
    );
  });
  it('property: rollup cells of compact and fixed rows = the point-by-point buckets', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(1, 5, 15, 60),
        ({ bits, values }, firstSlot, iv) => {
          const expected = cellsOf(firstSlot, values, iv);
          const pointCount = values.filter((v) => v !== null).length;
          const width = bits === 16 ? 2 : 4;
          const rows: PackedDay[] = [
            { firstSlot, width, points: legacyPack(values, width), pointCount },
            packDay(new Map(values.flatMap((v, i) => (v === null ? [] : [[firstSlot + i, v] as const]))), 0),
          ];
          for (const row of rows) {
            const got = new Map<number, { count: number; min: number; max: number; sum: number }>();
            forEachCell(buildRollup(row, iv)!, row.width, row.firstSlot, iv, (cell, count, min, max, sum) =>
              got.set(cell, { count, min, max, sum }),
            );
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
  it('splits a series crossing midnight UTC into two days', () => {
    const days = splitIntoDays(Date.parse('2026-05-01T23:58:00Z'), 60, [1, null, 3, 4]);
    expect([...days.keys()]).toEqual(['2026-05-01', '2026-05-02']);
    expect(days.get('2026-05-01')).toEqual(new Map([[1438, 1]]));
    expect(days.get('2026-05-02')).toEqual(
      new Map([
        [0, 3],
        [1, 4],
      ]),
    );
  });
  it('merges a late sync and spots a resend', () => {
    const a = new Map([[1, 5]]);
    expect(mergeDay(a, new Map([[1, 5]])).changed).toBe(false);
    const m = mergeDay(a, new Map([[2, 6]]));
    expect(m.changed).toBe(true);
    expect(m.merged).toEqual(
      new Map([
        [1, 5],
        [2, 6],
      ]),
    );
  });
});
