import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLoginThrottle,
  createMemoryFailureCounter,
  LOGIN_FAILURE_MEMORY_MS,
  LOGIN_FREE_FAILURES,
  LOGIN_GUARD_AFTER,
  LOGIN_MAX_WAIT_MS,
  waitAfterFailures,
} from './login-throttle';

const now = new Date('2030-01-01T00:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('login throttle', () => {
  it('lets the first 3 failures through, then doubles the wait up to its ceiling', () => {
    expect(LOGIN_FREE_FAILURES).toBe(3);
    expect([1, 2].map(waitAfterFailures)).toEqual([0, 0]);
    expect([3, 4, 5, 6, 7, 8].map(waitAfterFailures)).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
    expect(waitAfterFailures(40)).toBe(LOGIN_MAX_WAIT_MS);
  });

  it('property: the wait never shrinks as failures grow, and never passes the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        expect(waitAfterFailures(n + 1)).toBeGreaterThanOrEqual(waitAfterFailures(n));
        expect(waitAfterFailures(n)).toBeLessThanOrEqual(LOGIN_MAX_WAIT_MS);
      }),
    );
  });

  it('slows one address × account only: another address may try the same account at once', async () => {
    const throttle = createLoginThrottle(createMemoryFailureCounter());
    const attacker = { address: '203.0.113.9', email: 'owner@example.test' };
    for (let i = 0; i < LOGIN_FREE_FAILURES - 1; i++) await throttle.failed(attacker, now);
    expect(await throttle.waitUntil(attacker, now)).toBeUndefined();
    await throttle.failed(attacker, now);
    expect(await throttle.waitUntil(attacker, now)).toEqual(at(1000));
    expect(await throttle.waitUntil({ ...attacker, address: '198.51.100.7' }, now)).toBeUndefined();
    expect(await throttle.waitUntil({ ...attacker, email: 'other@example.test' }, now)).toBeUndefined();
  });

  it('guards the account after failures from many addresses; the owner confirming ends it', async () => {
    const throttle = createLoginThrottle(createMemoryFailureCounter());
    const email = 'owner@example.test';
    for (let i = 0; i < LOGIN_GUARD_AFTER; i++) {
      const { guardStarted } = await throttle.failed({ address: `10.0.0.${i}`, email }, now);
      expect(guardStarted).toBe(i === LOGIN_GUARD_AFTER - 1);
    }
    expect(await throttle.isGuarded(email, now)).toBe(true);
    // The right password while guarded does not end the guard; the mailed link (or a reset) does.
    await throttle.passwordAccepted({ address: '192.0.2.1', email }, { guarded: true });
    expect(await throttle.isGuarded(email, now)).toBe(true);
    await throttle.ownerConfirmed(email);
    expect(await throttle.isGuarded(email, now)).toBe(false);
  });

  it('forgets a count a day after its last failure, and the oldest entries beyond its capacity', async () => {
    const counter = createMemoryFailureCounter(2);
    for (const key of ['a', 'b', 'c']) await counter.add(key, now);
    expect(await counter.get('a', now)).toBeUndefined();
    expect(await counter.get('c', now)).toEqual({ failures: 1, lastAt: now });
    expect(await counter.get('c', at(LOGIN_FAILURE_MEMORY_MS))).toBeUndefined();
  });
});
