import { createHash } from 'node:crypto';
import type { RawSql } from '../../db/client';
/**
 * Failed sign-ins, counted twice [issue #11]:
 *
 * - per client address × account: the first LOGIN_FREE_FAILURES failures in a row cost nothing; then
 *   the next attempt from that address to that account must wait 1 s, 2 s, 4 s … up to
 *   LOGIN_MAX_WAIT_MS. This slows a guesser down without touching the owner, who signs in from
 *   another address.
 * - per account, from every address: no lock (a lock that anyone knowing the email can set keeps the
 *   owner out for ever). After LOGIN_GUARD_AFTER failures the account is *guarded*: the right password
 *   alone no longer opens a session; it also needs the second factor or a one-time link mailed to the
 *   account (NIST SP 800-63B §5.2.2). The guard ends with a sign-in through that link, a password reset,
 *   or a day without failures.
 *
 * A right password clears its address × account count; an unguarded right password also clears the
 * account's. Unknown emails are counted exactly the same way, so no answer tells whether an account exists.
 */
export const LOGIN_FREE_FAILURES = 3;
export const LOGIN_MAX_WAIT_MS = 15 * 60 * 1000;
export const LOGIN_GUARD_AFTER = 10;
/** A count is forgotten this long after its last failure. */
export const LOGIN_FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

interface FailureCount {
  failures: number;
  lastAt: Date;
}

/**
 * Where the counts live: the database for the app (every server shares them), memory for unit tests;
 * hence async. Keys are opaque strings made by the throttle.
 */
export interface FailureCounter {
  get(key: string, now: Date): Promise<FailureCount | undefined>;
  /** Counts one more failure and answers the new count. */
  add(key: string, now: Date): Promise<FailureCount>;
  clear(key: string): Promise<void>;
}

/** Counts in a Map of bounded size: the oldest entries go first, and counts older than a day are forgotten. */
export function createMemoryFailureCounter(capacity = 100_000): FailureCounter {
  const entries = new Map<string, FailureCount>();
  const live = (key: string, now: Date) => {
    const entry = entries.get(key);
    if (entry && now.getTime() - entry.lastAt.getTime() >= LOGIN_FAILURE_MEMORY_MS) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async get(key, now) {
      return live(key, now);
    },
    async add(key, now) {
      const failures = (live(key, now)?.failures ?? 0) + 1;
      entries.delete(key);
      if (entries.size >= capacity) entries.delete(entries.keys().next().value as string);
      const entry = { failures, lastAt: now };
      entries.set(key, entry);
      return entry;
    },
    async clear(key) {
      entries.delete(key);
    },
  };
}

/**
 * The counts in the database (table login_failure_counts, db/sql/040_shared_counters.sql), shared by
 * every app process and server: failures on server A slow the next attempt on server B (issue #19).
 * Times are the app's clock (passed in), so the rule is the same as in memory; keys are hashed (they
 * hold an address and an email). A count older than a day reads as none and is overwritten.
 */
export function createSqlFailureCounter(raw: RawSql): FailureCounter {
  const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');
  const memoryMs = LOGIN_FAILURE_MEMORY_MS;
  return {
    async get(key, now) {
      const { rows } = await raw.query<{ failures: number; last_at: Date | string }>(
        'SELECT failures, last_at FROM login_failure_counts WHERE key = $1 AND last_at > $2',
        [hashed(key), new Date(now.getTime() - memoryMs)],
      );
      const row = rows[0];
      return row ? { failures: row.failures, lastAt: new Date(row.last_at) } : undefined;
    },
    async add(key, now) {
      const { rows } = await raw.query<{ failures: number }>(
        `INSERT INTO login_failure_counts AS c (key, failures, last_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN c.last_at <= $3 THEN 1 ELSE c.failures + 1 END, last_at = $2
         RETURNING failures`,
        [hashed(key), now, new Date(now.getTime() - memoryMs)],
      );
      if (Math.random() < 1 / 2000) {
        await raw.query('DELETE FROM login_failure_counts WHERE last_at < $1', [
          new Date(now.getTime() - memoryMs),
        ]);
      }
      return { failures: rows[0]!.failures, lastAt: now };
    },
    async clear(key) {
      await raw.query('DELETE FROM login_failure_counts WHERE key = $1', [hashed(key)]);
    },
  };
}

/** How long the next attempt must wait after the `failures`-th failure in a row (0: no wait). */
export function waitAfterFailures(failures: number): number {
  if (failures < LOGIN_FREE_FAILURES) return 0;
  return Math.min(LOGIN_MAX_WAIT_MS, 1000 * 2 ** Math.min(30, failures - LOGIN_FREE_FAILURES));
}

export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

export interface LoginAttempt {
  address: string;
  /** The normalized email, whether or not it has an account. */
  email: string;
}

export function createLoginThrottle(counter: FailureCounter) {
  const pairKey = (a: LoginAttempt) => `pair\n${a.address}\n${a.email}`;
  const accountKey = (email: string) => `account\n${email}`;
  return {
    /** Until when this address must wait before trying this account again (undefined: it may try now). */
    async waitUntil(a: LoginAttempt, now: Date): Promise<Date | undefined> {
      const count = await counter.get(pairKey(a), now);
      if (!count) return undefined;
      const until = new Date(count.lastAt.getTime() + waitAfterFailures(count.failures));
      return until > now ? until : undefined;
    },
    /** Whether the right password alone no longer opens this account. */
    async isGuarded(email: string, now: Date): Promise<boolean> {
      return ((await counter.get(accountKey(email), now))?.failures ?? 0) >= LOGIN_GUARD_AFTER;
    },
    /** Counts a wrong password; `guardStarted` is true on the failure that guards the account. */
    async failed(a: LoginAttempt, now: Date) {
      const [pair, account] = await Promise.all([
        counter.add(pairKey(a), now),
        counter.add(accountKey(a.email), now),
      ]);
      return {
        pairFailures: pair.failures,
        accountFailures: account.failures,
        guardStarted: account.failures === LOGIN_GUARD_AFTER,
      };
    },
    /** The right password: this address starts afresh; so does the account unless it stays guarded. */
    async passwordAccepted(a: LoginAttempt, opts: { guarded: boolean }) {
      await counter.clear(pairKey(a));
      if (!opts.guarded) await counter.clear(accountKey(a.email));
    },
    /** The owner proved the mailbox (sign-in link, password reset): the guard ends. */
    async ownerConfirmed(email: string) {
      await counter.clear(accountKey(email));
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
