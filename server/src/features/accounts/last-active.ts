import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from './accounts.schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The account was used (P21, docs/lifecycle.md "What counts as use"): a sign-in, a browser session's
 * activity, a personal access token's call, an authenticated device sync. Written at most once a day:
 * the condition makes every other call an update of no row. A partner app's own reads do not count
 * (an app polling on its schedule would keep an abandoned account open forever). A device sync writes
 * the same rule in its final statement (devices/sync.repo.ts `finish`): change both together.
 */
export async function markAccountActive(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ lastActiveAt: now })
    .where(
      and(
        eq(users.id, userId),
        or(isNull(users.lastActiveAt), lt(users.lastActiveAt, new Date(now.getTime() - DAY_MS))),
      ),
    );
}
