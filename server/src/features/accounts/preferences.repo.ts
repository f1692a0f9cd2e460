import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { accountPreferences } from './accounts.schema';

export type PreferencesRow = typeof accountPreferences.$inferSelect;
type Changes = Partial<Pick<PreferencesRow, 'units' | 'secondFactorNudgeDismissedAt'>>;

/** One row per account, made on the first change (no row: every default). Scoped by the caller's id. */
export function createPreferencesRepo(db: Executor) {
  return {
    async find(userId: string): Promise<PreferencesRow | undefined> {
      const [row] = await db.select().from(accountPreferences).where(eq(accountPreferences.userId, userId));
      return row;
    },
    async save(userId: string, changes: Changes, now: Date): Promise<PreferencesRow> {
      const [row] = await db
        .insert(accountPreferences)
        .values({ userId, ...changes, updatedAt: now })
        .onConflictDoUpdate({ target: accountPreferences.userId, set: { ...changes, updatedAt: now } })
        .returning();
      if (!row) throw new Error('preferences upsert returned no row');
      return row;
    },
  };
}
