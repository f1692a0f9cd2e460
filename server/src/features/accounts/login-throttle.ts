/**
 * Repeated failed sign-ins to one account: the first few cost nothing, then each failure makes the
 * next attempt wait longer (1 s, 2 s, 4 s …), and at LOGIN_LOCK_AFTER failures sign-in is locked for
 * LOGIN_LOCK_MS. A successful sign-in or a password reset clears the count.
 */
export const LOGIN_FREE_FAILURES = 3;
export const LOGIN_LOCK_AFTER = 10;
export const LOGIN_LOCK_MS = 15 * 60 * 1000;

/** Until when sign-in waits after the `failures`-th failure in a row (undefined: no wait). */
export function lockAfterFailure(failures: number, now: Date): Date | undefined {
  if (failures >= LOGIN_LOCK_AFTER) return new Date(now.getTime() + LOGIN_LOCK_MS);
  if (failures > LOGIN_FREE_FAILURES) {
    return new Date(now.getTime() + 1000 * 2 ** (failures - LOGIN_FREE_FAILURES - 1));
  }
  return undefined;
}

export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * The same rule for emails that have no account, kept in memory: without it, only real accounts
 * would ever answer "wait", and that would tell an attacker which emails are registered.
 */
export function createUnknownEmailThrottle(capacity = 10_000) {
  const entries = new Map<string, { failures: number; until?: Date }>();
  return {
    lockedUntil(email: string, now: Date): Date | undefined {
      const until = entries.get(email)?.until;
      return until && until > now ? until : undefined;
    },
    fail(email: string, now: Date): number {
      const failures = (entries.get(email)?.failures ?? 0) + 1;
      entries.delete(email);
      if (entries.size >= capacity) entries.delete(entries.keys().next().value as string);
      entries.set(email, { failures, until: lockAfterFailure(failures, now) });
      return failures;
    },
  };
}
export type UnknownEmailThrottle = ReturnType<typeof createUnknownEmailThrottle>;
