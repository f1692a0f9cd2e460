import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeWeighIn } from './attribution';

const a = { userId: 'a', latestKg: 82 };
const b = { userId: 'b', latestKg: 64 };
const c = { userId: 'c', latestKg: 31 };

describe('attributeWeighIn', () => {
  it('gives a weigh-in to the member whose recent weight is closest', () => {
    expect(attributeWeighIn(81.2, [a, b, c])).toEqual({ userId: 'a' });
    expect(attributeWeighIn(63.1, [a, b, c])).toEqual({ userId: 'b' });
    expect(attributeWeighIn(31.9, [a, b, c])).toEqual({ userId: 'c' });
  });

  it('leaves a weigh-in no one is close to unmatched (5 % of a light member is less than 4 kg)', () => {
    expect(attributeWeighIn(73, [a, b, c])).toEqual({ reason: 'unmatched' });
    expect(attributeWeighIn(34, [a, b, c])).toEqual({ reason: 'unmatched' });
    expect(attributeWeighIn(70, [{ userId: 'new', latestKg: undefined }])).toEqual({ reason: 'unmatched' });
  });

  it('calls two members of nearly the same weight ambiguous', () => {
    expect(
      attributeWeighIn(70, [
        { userId: 'x', latestKg: 69.5 },
        { userId: 'y', latestKg: 70.4 },
      ]),
    ).toEqual({
      reason: 'ambiguous',
    });
    expect(
      attributeWeighIn(70, [
        { userId: 'x', latestKg: 69.8 },
        { userId: 'y', latestKg: 72.9 },
      ]),
    ).toEqual({
      userId: 'x',
    });
  });

  it('never attributes to a member outside the tolerance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2, max: 300, noNaN: true }),
        fc.array(fc.double({ min: 2, max: 300, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (w, weights) => {
          const members = weights.map((kg, i) => ({ userId: `m${i}`, latestKg: kg }));
          const result = attributeWeighIn(w, members);
          if ('userId' in result) {
            const m = members.find((x) => x.userId === result.userId)!;
            expect(Math.abs(w - m.latestKg)).toBeLessThanOrEqual(Math.min(4, 0.05 * m.latestKg) + 1e-9);
          }
        },
      ),
    );
  });
});
