import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascendingIso } from './scaled-buckets';

describe('ascendingIso', () => {
  it('property: writes what toISOString writes, for ascending instants of any step (before 1970 too)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.array(fc.integer({ min: 0, max: 40 * 86_400_000 }), { minLength: 1, maxLength: 200 }),
        (from, steps) => {
          const iso = ascendingIso();
          let t = from;
          for (const step of steps) {
            t += step;
            expect(iso(t)).toBe(new Date(t).toISOString());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
