import { describe, expect, it } from 'vitest';
import { mergeDay, packDay, splitIntoDays, unpackDay } from './series-codec';

describe('series codec', () => {
  it('round-trips values with gaps in 2 bytes a point', () => {
    const pts = new Map([
      [10, 61],
      [11, 62],
      [14, 180],
    ]);
    const packed = packDay(pts, 0);
    expect(packed).toMatchObject({ firstSlot: 10, width: 2, pointCount: 3 });
    expect(packed.points.byteLength).toBe(10);
    expect(unpackDay(packed, 0)).toEqual(pts);
  });
  it('widens to 4 bytes when a scaled value does not fit in int16', () => {
    const pts = new Map([
      [0, 74.955],
      [1, 80.1],
    ]);
    const packed = packDay(pts, 3);
    expect(packed.width).toBe(4);
    expect(unpackDay(packed, 3)).toEqual(pts);
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
