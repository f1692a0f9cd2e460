import { describe, expect, it } from 'vitest';
import { addMonths, hasNext, inProgress, localDayStart, periodOf, shiftDate } from './period';

const hours = (p: { from: string; to: string }) => (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000;

describe('chart periods', () => {
  it('gives each range exactly its calendar period in the user zone', () => {
    const today = '2026-12-05';
    const day = periodOf('day', '2026-11-23', 'Europe/Paris', today);
    expect(day).toMatchObject({
      firstDay: '2026-11-23',
      lastDay: '2026-11-23',
      from: '2026-11-22T23:00:00.000Z',
      to: '2026-11-23T23:00:00.000Z',
    });
    // Weeks from Monday (as the server's aggregates), whatever the day chosen in them.
    const week = periodOf('week', '2026-11-29', 'Europe/Paris', today);
    expect([week.firstDay, week.lastDay]).toEqual(['2026-11-23', '2026-11-29']);
    expect(hours(week)).toBe(7 * 24);
    const month = periodOf('month', '2026-02-14', 'America/Los_Angeles', today);
    expect([month.firstDay, month.lastDay]).toEqual(['2026-02-01', '2026-02-28']);
    expect(month.from).toBe('2026-02-01T08:00:00.000Z');
    const year = periodOf('year', '2025-06-30', 'UTC', today);
    expect([year.from, year.to]).toEqual(['2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    const all = periodOf('all', today, 'UTC', today);
    expect(all.lastDay).toBe(today);
    // The server answers a timeseries of at most 20 years.
    expect(hours(all) / 24).toBeLessThanOrEqual(20 * 366);
  });

  it('lets a local day last 23 or 25 hours across DST changes', () => {
    expect(hours(periodOf('day', '2026-03-29', 'Europe/Paris', '2026-12-05'))).toBe(23);
    expect(hours(periodOf('day', '2026-10-25', 'Europe/Paris', '2026-12-05'))).toBe(25);
    expect(hours(periodOf('day', '2026-03-08', 'America/Los_Angeles', '2026-12-05'))).toBe(23);
    expect(hours(periodOf('day', '2026-11-01', 'America/Los_Angeles', '2026-12-05'))).toBe(25);
    expect(hours(periodOf('week', '2026-10-25', 'Europe/Paris', '2026-12-05'))).toBe(7 * 24 + 1);
    expect(new Date(localDayStart('2026-10-26', 'Europe/Paris')).toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    // Chile skips midnight when summer time starts: the day begins at 01:00 local (-03).
    expect(new Date(localDayStart('2026-09-06', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('steps to the previous and next period, never past today', () => {
    expect(shiftDate('day', '2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDate('week', '2026-12-05', -1)).toBe('2026-11-28');
    expect(shiftDate('month', '2026-03-31', -1)).toBe('2026-02-28');
    expect(shiftDate('year', '2024-02-29', 1)).toBe('2025-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    const today = '2026-12-05';
    expect(hasNext(periodOf('month', today, 'UTC', today), today)).toBe(false);
    expect(hasNext(periodOf('month', '2026-11-30', 'UTC', today), today)).toBe(true);
    expect(hasNext(periodOf('all', today, 'UTC', today), today)).toBe(false);
  });

  it('flags a bucket still running as in progress', () => {
    expect(inProgress(0, 10, 5)).toBe(true);
    expect(inProgress(0, 10, 10)).toBe(false);
    expect(inProgress(10, 20, 5)).toBe(false);
  });
});
