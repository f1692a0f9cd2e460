import { describe, expect, it } from 'vitest';
import { periodDates } from './report-periods';

/** Intl's dates with their thin and no-break spaces as plain ones (ICU versions differ on which). */
const dates = (...args: Parameters<typeof periodDates>) => {
  const { dates: text, open } = periodDates(...args);
  return { dates: text.replace(/\s/g, ' '), open };
};

describe('a period of sharing on the monthly report', () => {
  it('shows a stopped period as one range of days, the month and year said once', () => {
    const period = { startedAt: '2026-12-01T09:00:00.000Z', stoppedAt: '2026-12-02T07:00:00.000Z' };
    expect(dates(period, 'en', 'UTC')).toEqual({ dates: 'Dec 1 – 2, 2026', open: false });
    expect(dates(period, 'fr', 'UTC')).toEqual({ dates: '1–2 déc. 2026', open: false });
  });

  it('shows a period started and stopped on one day as that day', () => {
    const period = { startedAt: '2026-12-05T09:00:00.000Z', stoppedAt: '2026-12-05T09:05:00.000Z' };
    expect(dates(period, 'en', 'UTC').dates).toBe('Dec 5, 2026');
  });

  it('shows an open period by its first day, for the page to word as sharing', () => {
    const period = { startedAt: '2026-11-28T09:00:00.000Z', stoppedAt: null };
    expect(dates(period, 'fr', 'UTC')).toEqual({ dates: '28 nov. 2026', open: true });
  });

  it("reads the days in the account's zone: a stop at 23:30 UTC is the next day in Paris", () => {
    const period = { startedAt: '2026-12-01T09:00:00.000Z', stoppedAt: '2026-12-02T23:30:00.000Z' };
    expect(dates(period, 'en', 'Europe/Paris').dates).toBe('Dec 1 – 3, 2026');
    expect(dates(period, 'en', 'America/New_York').dates).toBe('Dec 1 – 2, 2026');
  });

  it('spans months and years', () => {
    const period = { startedAt: '2026-12-20T09:00:00.000Z', stoppedAt: '2027-01-03T09:00:00.000Z' };
    expect(dates(period, 'en', 'UTC').dates).toBe('Dec 20, 2026 – Jan 3, 2027');
  });
});
