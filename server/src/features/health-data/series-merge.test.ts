import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  dayChunks,
  mergeDay,
  mergeIntoPacked,
  type PackedDay,
  packDay,
  splitIntoDays,
  unpackDay,
} from './series-codec';
import { buildRollup, cellOfSlot, forEachCell } from './series-rollup';

const interval = fc.constantFrom(1, 5, 16, 60, 300, 3600);
/** Values in the range of heart rate (int16) or of distance in 0.1 m (int32), with gaps. */
const values = (decimals: number) =>
  fc.array(
    fc.option(
      decimals === 0
        ? fc.integer({ min: 20, max: 260 })
        : fc.integer({ min: 0, max: 3_000_000 }).map((v) => v / 10),
      { freq: 4 },
    ),
    { minLength: 1, maxLength: 400 },
  );

describe('series merge without per-point maps', () => {
  it('dayChunks + mergeIntoPacked store what splitIntoDays + mergeDay + packDay stored', () => {
    fc.assert(
      fc.property(
        interval,
        fc.constantFrom(0, 1).chain((d) => fc.tuple(fc.constant(d), values(d), values(d))),
        fc.integer({ min: 0, max: 2 * 86_400 }),
        fc.integer({ min: 0, max: 2 * 86_400 }),
        (iv, [decimals, first, second], a, b) => {
          const base = Date.UTC(2026, 4, 1);
          const startA = base + Math.floor(a / iv) * iv * 1000;
          const startB = base + Math.floor(b / iv) * iv * 1000;
          // The reference: Maps, as ingest did before.
          const ref = new Map<string, Map<number, number>>();
          const refChanged: boolean[] = [];
          for (const [start, vs] of [
            [startA, first],
            [startB, second],
          ] as const) {
            let changed = false;
            for (const [day, incoming] of splitIntoDays(start, iv, vs)) {
              const m = mergeDay(ref.get(day) ?? new Map(), incoming);
              if (m.changed) changed = true;
              ref.set(day, m.merged);
            }
            refChanged.push(changed);
          }
          // The new path: packed state only.
          const state = new Map<string, PackedDay>();
          const changedNow: boolean[] = [];
          for (const [start, vs] of [
            [startA, first],
            [startB, second],
          ] as const) {
            let changed = false;
            for (const chunk of dayChunks(start, iv, vs)) {
              expect(chunk.dayStart % DAY_MS).toBe(0);
              const r = mergeIntoPacked(state.get(chunk.day), chunk, decimals);
              if (r.changed) {
                changed = true;
                state.set(chunk.day, r.packed);
              }
            }
            changedNow.push(changed);
          }
          expect(changedNow).toEqual(refChanged);
          expect([...state.keys()].sort()).toEqual([...ref.keys()].filter((d) => ref.get(d)!.size).sort());
          for (const [day, packed] of state) {
            const expected = packDay(ref.get(day)!, decimals);
            const { points, ...rest } = packed;
            const { points: expectedPoints, ...expectedRest } = expected;
            expect(rest).toEqual(expectedRest);
            // Buffer.equals: a deep equal of a day of 1-second points byte by byte is slow.
            expect(Buffer.from(points).equals(Buffer.from(expectedPoints))).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rollup cells hold the min, max, sum and count of their points', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 5, 16, 60),
        fc.constantFrom(0, 1).chain((d) => fc.tuple(fc.constant(d), values(d))),
        fc.integer({ min: 0, max: 86_399 }),
        (iv, [decimals, vs], offset) => {
          const start = Date.UTC(2026, 4, 1) + Math.floor(offset / iv) * iv * 1000;
          for (const chunk of dayChunks(start, iv, vs)) {
            const { packed } = mergeIntoPacked(undefined, chunk, decimals);
            const expected = new Map<number, { count: number; min: number; max: number; sum: number }>();
            for (const [slot, v] of unpackDay(packed, decimals)) {
              const s = Math.round(v * 10 ** decimals);
              const c = cellOfSlot(slot, iv);
              const e = expected.get(c);
              if (!e) expected.set(c, { count: 1, min: s, max: s, sum: s });
              else {
                e.count++;
                e.min = Math.min(e.min, s);
                e.max = Math.max(e.max, s);
                e.sum += s;
              }
            }
            const got = new Map<number, { count: number; min: number; max: number; sum: number }>();
            const rollup = buildRollup(packed, iv);
            expect(rollup).not.toBeNull();
            forEachCell(rollup!, packed.width, packed.firstSlot, iv, (cell, count, min, max, sum) =>
              got.set(cell, { count, min, max, sum }),
            );
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stores no rollup for coarse series (an hour of points per cell would be one point)', () => {
    const { packed } = mergeIntoPacked(undefined, { firstSlot: 0, values: [1, 2, 3] }, 0);
    expect(buildRollup(packed, 300)).toBeNull();
    expect(buildRollup(packed, 60)).not.toBeNull();
  });
});
