import { roundTo } from '@vitalbase/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measuredTypes } from './getmeas.service';
import { zoneNameFor } from './time-zone';
import { fromWithingsValue, toWithingsValue, withingsIdOf } from './withings-values';

describe('toWithingsValue', () => {
  it('gives the exact digits, not float noise', () => {
    expect(toWithingsValue(72.345, 3)).toEqual({ value: 72345, unit: -3 });
    expect(toWithingsValue(0.3, 1)).toEqual({ value: 3, unit: -1 });
    expect(toWithingsValue(80, 0)).toEqual({ value: 80, unit: 0 });
    expect(toWithingsValue(36.6, 2)).toEqual({ value: 366, unit: -1 });
    expect(toWithingsValue(-12.5, 1)).toEqual({ value: -125, unit: -1 });
    expect(toWithingsValue(1.5e21, 0)).toEqual({ value: 15, unit: 20 });
    // 0.1 + 0.2 has 17 significant digits: rounded to the metric's decimals instead.
    expect(toWithingsValue(0.1 + 0.2, 2)).toEqual({ value: 30, unit: -2 });
  });

  it('value × 10^unit is the stored value for every measured type, over its whole range', () => {
    for (const def of measuredTypes) {
      fc.assert(
        fc.property(fc.double({ min: def.range.min, max: def.range.max, noNaN: true }), (raw) => {
          const stored = roundTo(raw, def.decimals);
          const pair = toWithingsValue(stored, def.decimals);
          expect(Number.isSafeInteger(pair.value)).toBe(true);
          expect(Number.isInteger(pair.unit)).toBe(true);
          expect(fromWithingsValue(pair)).toBe(stored);
          expect(pair.unit).toBeGreaterThanOrEqual(-def.decimals);
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('withingsIdOf', () => {
  it('is a stable integer below 2^53 that differs between ids', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), fc.uuid({ version: 4 }), (a, b) => {
        const x = withingsIdOf(a);
        expect(Number.isSafeInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(withingsIdOf(a)).toBe(x);
        if (a.replace(/-/g, '').slice(0, 12) !== b.replace(/-/g, '').slice(0, 12)) {
          expect(withingsIdOf(b)).not.toBe(x);
        }
      }),
    );
    expect(withingsIdOf('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe(2 ** 52 - 1);
  });
});

describe('zoneNameFor', () => {
  const summer = Date.parse('2026-07-01T12:00:00Z');
  it("names the user's zone when the offset matches, a fixed zone otherwise", () => {
    expect(zoneNameFor('Europe/Paris', summer, 120)).toBe('Europe/Paris');
    expect(zoneNameFor('Europe/Paris', summer, 0)).toBe('UTC');
    expect(zoneNameFor('Europe/Paris', summer, -300)).toBe('Etc/GMT+5');
    expect(zoneNameFor('Europe/Paris', summer, 540)).toBe('Etc/GMT-9');
    expect(zoneNameFor('Europe/Paris', summer, 330)).toBe('UTC+05:30');
    expect(zoneNameFor('Not/AZone', summer, 60)).toBe('Etc/GMT-1');
  });
});
