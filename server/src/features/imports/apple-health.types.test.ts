import { describe, expect, it } from 'vitest';
import { appleTime } from './apple-health.types';

describe("Apple Health's times", () => {
  it('are read with their offset, the same date and offset again from the checked ones', () => {
    expect(appleTime('2016-04-18 08:25:32 -0700')).toBe('2016-04-18T08:25:32-07:00');
    expect(appleTime('2016-04-18 23:59:59 -0700')).toBe('2016-04-18T23:59:59-07:00');
    expect(appleTime('2024-02-29 00:00:00 +0530')).toBe('2024-02-29T00:00:00+05:30');
    expect(appleTime('2024-02-29 06:10:00 +0530')).toBe('2024-02-29T06:10:00+05:30');
  });

  it('refuse what is not a time of the calendar (31 February, hour 24, second 60, offset +25:00)', () => {
    for (const text of [
      '2016-02-30 08:25:32 -0700',
      '2023-02-29 08:25:32 -0700',
      '2016-04-18 24:00:00 -0700',
      '2016-04-18 08:25:60 -0700',
      '2016-04-18 08:25:32 +2500',
      '2016-13-01 08:25:32 -0700',
      '2016-04-18T08:25:32 -0700',
      '2016-04-18 08:25:32 -07:00',
      '2016-04-18 8:25:32 -0700',
      '2016-04-18 08:25:32 -07a0',
      '',
      undefined,
    ])
      expect(appleTime(text), String(text)).toBeUndefined();
    // Refused twice: the checked date is remembered as not existing.
    expect(appleTime('2016-02-30 09:00:00 -0700')).toBeUndefined();
  });
});
