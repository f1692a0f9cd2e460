import type { AppContext } from '../../lib/context';
import { createLifecycleRepo } from './lifecycle.repo';

/**
 * An inactivity notice as the daily run notes it, without moving the clock by years (the erasure
 * purge scan's seed; lifecycle.int.test.ts runs the real timeline).
 */
export async function noteInactivityNotice(ctx: Pick<AppContext, 'database' | 'now'>, userId: string) {
  const now = ctx.now();
  await createLifecycleRepo(ctx.database.db).noteNotice(
    userId,
    '60_days',
    new Date(now.getTime() - 1000),
    now,
  );
}
