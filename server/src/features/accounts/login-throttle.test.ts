import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createUnknownEmailThrottle,
  LOGIN_FREE_FAILURES,
  LOGIN_LOCK_AFTER,
  LOGIN_LOCK_MS,
  lockAfterFailure,
} from './login-throttle';

const now = new Date('2030-01-01T00:00:00Z');
const waitMs = (failures: number) =>
  (lockAfterFailure(failures, now)?.getTime() ?? now.getTime()) - now.getTime();

describe('login throttle', () => {
  it('lets the first failures through, then doubles the wait, then locks', () => {
    expect([1, 2, 3].map(waitMs)).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8, 9].map(waitMs)).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
    expect(waitMs(LOGIN_LOCK_AFTER)).toBe(LOGIN_LOCK_MS);
    expect(waitMs(LOGIN_LOCK_AFTER + 5)).toBe(LOGIN_LOCK_MS);
  });

  it('property: the wait never shrinks as failures grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        expect(waitMs(n + 1)).toBeGreaterThanOrEqual(waitMs(n));
      }),
    );
  });

  it('applies the same rule to emails without an account', () => {
    const throttle = createUnknownEmailThrottle();
    for (let i = 0; i < LOGIN_FREE_FAILURES; i++) throttle.fail('ghost@example.test', now);
    expect(throttle.lockedUntil('ghost@example.test', now)).toBeUndefined();
    throttle.fail('ghost@example.test', now);
    expect(throttle.lockedUntil('ghost@example.test', now)?.getTime()).toBe(now.getTime() + 1000);
    expect(throttle.lockedUntil('other@example.test', now)).toBeUndefined();
  });

  it('forgets the oldest entries beyond its capacity', () => {
    const throttle = createUnknownEmailThrottle(2);
    for (const email of ['a', 'b', 'c']) for (let i = 0; i < 5; i++) throttle.fail(email, now);
    expect(throttle.lockedUntil('a', now)).toBeUndefined();
    expect(throttle.lockedUntil('c', now)).toBeDefined();
  });
});
