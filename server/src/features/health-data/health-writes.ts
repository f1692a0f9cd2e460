import type { Executor } from '../../db/client';

type Range = { start: number; end: number };

/** What a write of health data touched: per metric and per session type, the first and last instant. */
export class WrittenRanges {
  readonly metrics = new Map<string, Range>();
  readonly sessions = new Map<string, Range>();
  /**
   * Items (readings, series items, sessions) this write newly stored: data that reached the server
   * (a clinic's transmission day). 0 for a resend, a correction, a deletion or an import.
   */
  stored = 0;

  private static widen(ranges: Map<string, Range>, key: string, start: number, end: number) {
    if (!Number.isFinite(start) || !Number.isFinite(end)) return;
    const r = ranges.get(key);
    if (!r) ranges.set(key, { start: Math.min(start, end), end: Math.max(start, end) });
    else {
      r.start = Math.min(r.start, start, end);
      r.end = Math.max(r.end, start, end);
    }
  }

  /** A value of `metric` at `at` (to `end`) was stored, corrected or deleted. */
  metric(metric: string, at: Date | number, end?: Date | number) {
    const s = typeof at === 'number' ? at : at.getTime();
    const e = end === undefined ? s : typeof end === 'number' ? end : end.getTime();
    WrittenRanges.widen(this.metrics, metric, s, e);
  }

  /** A sleep or workout session was stored or deleted. */
  session(type: string, start: Date, end: Date) {
    WrittenRanges.widen(this.sessions, type, start.getTime(), end.getTime());
  }
}

/**
 * Told, inside the write's transaction, what a write of health data touched (ranges, no values), so
 * what it records commits with the write or not at all.
 */
export type HealthWriteListener = (
  tx: Executor,
  userId: string,
  written: WrittenRanges,
  now: Date,
) => Promise<void>;

const listeners: Array<{ listener: HealthWriteListener; relevantIf?: string }> = [];

/**
 * Features that react to health data being written (webhooks: the partners' outbox) subscribe here
 * from the composition root (features/index.ts), so health-data imports none of them. `relevantIf`:
 * a boolean SQL expression on the user (`$1::uuid`), false when the listener has nothing to do for
 * them (no connected app, no clinic). The ingest answers every listener's in its read of the account
 * and skips the listener when false (issue 17: a user with neither costs no statement for them). It
 * is read at the start of the write's transaction: something created meanwhile by another one is
 * handled as if created just after this write.
 */
export function onHealthWrite(listener: HealthWriteListener, relevantIf?: string): void {
  listeners.push({ listener, relevantIf });
}

/** The listeners' `relevantIf` expressions, in the order `afterHealthWrite` takes their answers. */
export function healthWriteChecks(): string[] {
  return listeners.flatMap((l) => (l.relevantIf === undefined ? [] : [l.relevantIf]));
}

/**
 * Every write of health data ends here (derived.service.ts `refresh`). `checked`: the answers to
 * `healthWriteChecks()` when the caller read them; without them, every listener runs.
 */
export async function afterHealthWrite(
  tx: Executor,
  userId: string,
  written: WrittenRanges,
  now: Date,
  checked?: readonly boolean[],
) {
  let i = 0;
  for (const { listener, relevantIf } of listeners) {
    if (relevantIf !== undefined && checked && !checked[i++]) continue;
    await listener(tx, userId, written, now);
  }
}
