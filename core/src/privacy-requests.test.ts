import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  isOverdue,
  privacyRequestAnswerInput,
  privacyRequestDueDate,
} from './privacy-requests';

describe('due date of a privacy request: one calendar month (GDPR Art. 12(3))', () => {
  it('keeps the day of the month', () => {
    expect(addCalendarMonths('2025-03-15', 1)).toBe('2025-04-15');
    expect(addCalendarMonths('2025-04-30', 1)).toBe('2025-05-30');
  });

  it('clamps to the last day of a shorter month, leap years included', () => {
    expect(addCalendarMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addCalendarMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addCalendarMonths('2024-01-29', 1)).toBe('2024-02-29');
    expect(addCalendarMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addCalendarMonths('2100-01-31', 1)).toBe('2100-02-28'); // not a leap year
    expect(addCalendarMonths('2000-01-31', 1)).toBe('2000-02-29'); // a leap year
  });

  it('crosses the year and adds several months', () => {
    expect(addCalendarMonths('2025-12-31', 1)).toBe('2026-01-31');
    expect(addCalendarMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addCalendarMonths('2025-08-31', 6)).toBe('2026-02-28');
  });

  it('counts from the UTC date the request was received', () => {
    expect(privacyRequestDueDate(new Date('2025-01-31T23:59:59Z'))).toBe('2025-02-28');
    expect(privacyRequestDueDate(new Date('2025-02-01T00:00:00Z'))).toBe('2025-03-01');
  });

  it('refuses what is not a date', () => {
    expect(() => addCalendarMonths('31/01/2025', 1)).toThrow();
  });
});

describe('overdue', () => {
  const now = new Date('2025-03-02T10:00:00Z');
  it('is an open or in-progress request past its due date', () => {
    expect(isOverdue('open', '2025-03-01', now)).toBe(true);
    expect(isOverdue('in_progress', '2025-03-01', now)).toBe(true);
    expect(isOverdue('open', '2025-03-02', now)).toBe(false); // due today: not late yet
    expect(isOverdue('done', '2025-03-01', now)).toBe(false);
    expect(isOverdue('refused', '2025-02-01', now)).toBe(false);
  });
});

describe('the operator answer', () => {
  it('needs a message to close a request', () => {
    expect(privacyRequestAnswerInput.safeParse({ status: 'done' }).success).toBe(false);
    expect(
      privacyRequestAnswerInput.safeParse({ status: 'refused', message: 'No: see art. 17(3).' }).success,
    ).toBe(true);
    expect(privacyRequestAnswerInput.safeParse({ status: 'in_progress' }).success).toBe(true);
    expect(privacyRequestAnswerInput.safeParse({ status: 'open', message: 'reopen' }).success).toBe(false);
  });
});
