import { describe, expect, it } from 'vitest';
import { timeSplits } from './chart-draw';
import { periodOf } from './period';

const secs = (p: { from: string; to: string }): [number, number] => [
  Date.parse(p.from) / 1000,
  Date.parse(p.to) / 1000,
];
const iso = (ts: number[]) => ts.map((t) => new Date(t * 1000).toISOString());

describe('time axis ticks on the local calendar', () => {
  it('puts a week’s ticks on local midnights and a year’s on the first of each month', () => {
    const [a, b] = secs(periodOf('week', '2026-10-28', 'Europe/Paris', '2026-12-05'));
    const week = iso(timeSplits(a, b, 'Europe/Paris', 900));
    // The DST change on Sunday 25 October is before this week; Monday 26 starts at 23:00Z.
    expect(week).toHaveLength(7);
    expect(week[0]).toBe('2026-10-25T23:00:00.000Z');
    expect(week[6]).toBe('2026-10-31T23:00:00.000Z');
    const [c, d] = secs(periodOf('year', '2026-06-01', 'America/Los_Angeles', '2026-12-05'));
    const year = iso(timeSplits(c, d, 'America/Los_Angeles', 1200));
    expect(year).toHaveLength(12);
    expect(year[0]).toBe('2026-01-01T08:00:00.000Z');
    expect(year[3]).toBe('2026-04-01T07:00:00.000Z');
  });

  it('labels a 25-hour day at whole local hours, fewer on a narrow chart', () => {
    const [a, b] = secs(periodOf('day', '2026-10-25', 'Europe/Paris', '2026-12-05'));
    const wide = timeSplits(a, b, 'Europe/Paris', 2000);
    expect(wide).toHaveLength(25); // 02:00 comes twice
    const narrow = timeSplits(a, b, 'Europe/Paris', 300);
    expect(narrow.length).toBeLessThanOrEqual(5);
    expect(iso(narrow)[0]).toBe('2026-10-24T22:00:00.000Z');
  });
});
