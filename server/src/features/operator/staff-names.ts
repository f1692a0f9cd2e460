import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';

/**
 * The access log's lookup of staff names (access-log/actor-names.ts): the display name of each
 * account that still exists. An erased staff member's account is gone, so their reads show by role.
 */
export async function staffDisplayNames(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...userIds]));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
