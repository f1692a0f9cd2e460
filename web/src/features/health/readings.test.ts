import { describe, expect, it } from 'vitest';
import { fromInputAtOffset, isoWithOffset, localDate, mergeNewestFirst, toInputAtOffset } from './readings';

describe('reading helpers', () => {
  it('writes an instant in the local time where it was taken', () => {
    expect(isoWithOffset('2026-11-23T06:31:00.000Z', 60)).toBe('2026-11-23T07:31:00+01:00');
    expect(isoWithOffset('2026-11-23T06:31:00Z', -330)).toBe('2026-11-23T01:01:00-05:30');
    expect(isoWithOffset('2026-11-23T06:31:00Z', 0)).toBe('2026-11-23T06:31:00+00:00');
    expect(Date.parse(isoWithOffset('2026-11-23T06:31:00Z', 540))).toBe(Date.parse('2026-11-23T06:31:00Z'));
  });

  it('gives the local calendar date in a time zone', () => {
    const ms = Date.parse('2026-11-22T23:30:00Z');
    expect(localDate(ms, 'Europe/Paris')).toBe('2026-11-23');
    expect(localDate(ms, 'America/New_York')).toBe('2026-11-22');
  });

  it("edits a reading at its own wall clock, whatever the browser's zone (the 5:55 / 06:55 defect)", () => {
    // 05:55Z taken in Paris in winter: the edit field shows 06:55 and saving it changes nothing.
    expect(toInputAtOffset('2026-10-25T05:55:00.000Z', 60)).toBe('2026-10-25T06:55');
    expect(fromInputAtOffset('2026-10-25T06:55', 60)).toBe('2026-10-25T06:55:00+01:00');
    // Moved an hour later, it keeps the offset it was taken with (a reading taken in Los Angeles).
    expect(fromInputAtOffset('2026-11-01T02:10', -480)).toBe('2026-11-01T02:10:00-08:00');
    expect(fromInputAtOffset('not a time', 60)).toBeUndefined();
  });

  it('lists each reading once, newest first', () => {
    const a = { id: 'a', takenAt: '2026-11-01T00:00:00Z' };
    const c = { id: 'c', takenAt: '2026-11-03T00:00:00Z' };
    const b2 = { id: 'b', takenAt: '2026-11-02T00:00:00Z' };
    expect(
      mergeNewestFirst([
        [a, c],
        [c, b2],
      ]).map((r) => r.id),
    ).toEqual(['c', 'b', 'a']);
  });
});
