import { describe, expect, it } from 'vitest';
import { accountTimeZone, formatInZone, formatReadingTime, readingLocalDate } from './format';

const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

describe('the display rule for times', () => {
  it("shows a reading at its own offset, whatever the account's zone", () => {
    // 05:55Z taken in Paris (+01:00): 06:55 for a UTC account and for a Los Angeles account alike.
    const at = '2026-03-28T05:55:00.000Z';
    expect(formatReadingTime(at, 60, 'en', { timeZone: 'UTC', format: time })).toBe('06:55');
    expect(formatReadingTime(at, 60, 'fr', { timeZone: 'America/Los_Angeles', format: time })).toBe('06:55');
  });

  it("falls back to the account's zone, across the DST change (Paris, 29 March 2026)", () => {
    expect(
      formatReadingTime('2026-03-29T00:30:00Z', null, 'en', { timeZone: 'Europe/Paris', format: time }),
    ).toBe('01:30');
    expect(
      formatReadingTime('2026-03-29T01:30:00Z', undefined, 'en', { timeZone: 'Europe/Paris', format: time }),
    ).toBe('03:30');
  });

  it('gives the same wall clock by offset and by zone when they agree (Los Angeles, 1 November 2026)', () => {
    for (const [iso, offset] of [
      ['2026-11-01T08:30:00Z', -420],
      ['2026-11-01T09:30:00Z', -480],
    ] as const) {
      expect(formatReadingTime(iso, offset, 'en', { format: time })).toBe(
        formatInZone(iso, 'America/Los_Angeles', 'en', time),
      );
    }
  });

  it('puts a reading on the local day it was lived', () => {
    // 23:30 in Los Angeles on 7 March is 07:30Z on 8 March.
    expect(readingLocalDate('2026-03-08T07:30:00Z', -480, 'UTC')).toBe('2026-03-07');
    expect(readingLocalDate('2026-03-08T07:30:00Z', null, 'America/Los_Angeles')).toBe('2026-03-07');
    expect(readingLocalDate('2026-03-08T07:30:00Z', null, 'Europe/Paris')).toBe('2026-03-08');
  });

  it('uses UTC for an unknown or missing zone', () => {
    expect(accountTimeZone('Mars/Olympus')).toBe('UTC');
    expect(accountTimeZone(undefined)).toBe('UTC');
    expect(formatInZone('2026-10-25T01:30:00Z', 'Nowhere', 'en', time)).toBe('01:30');
  });
});
