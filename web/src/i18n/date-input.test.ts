import { describe, expect, it } from 'vitest';
import { datePattern, formatDateInput, parseDateInput } from './date-input';

describe("date fields in the app's language, not the browser's", () => {
  it('shows an ISO date in the numeric form of French and of English', () => {
    expect(formatDateInput('2026-03-29', 'fr')).toBe('29/03/2026');
    expect(formatDateInput('2026-03-29', 'en')).toBe('03/29/2026');
    expect(formatDateInput('', 'fr')).toBe('');
    expect(formatDateInput('2026-02-30', 'fr')).toBe('');
  });

  it('reads the day first in French and the month first in English', () => {
    expect(datePattern('fr')).toEqual({ order: ['day', 'month', 'year'], separator: '/' });
    expect(parseDateInput('03/04/2026', 'fr')).toBe('2026-04-03');
    expect(parseDateInput('03/04/2026', 'en')).toBe('2026-03-04');
    expect(parseDateInput(' 29.3.2026 ', 'fr')).toBe('2026-03-29');
  });

  it('also takes ISO dates, and refuses what is not a whole date', () => {
    expect(parseDateInput('1988-02-03', 'fr')).toBe('1988-02-03');
    for (const text of ['', '29/03', '31/02/2026', '29/03/26', '2026-13-01', 'demain'])
      expect(parseDateInput(text, 'fr')).toBeNull();
  });

  it('gives back the date it shows, in both languages, for every day of a leap year', () => {
    for (let d = Date.UTC(2028, 0, 1); d < Date.UTC(2029, 0, 1); d += 86_400_000) {
      const iso = new Date(d).toISOString().slice(0, 10);
      for (const locale of ['fr', 'en'])
        expect(parseDateInput(formatDateInput(iso, locale), locale)).toBe(iso);
    }
  });
});
