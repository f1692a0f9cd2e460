import type { GoalKind } from '@vitalbase/core';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { goals } from './goals.schema';

export type GoalRow = typeof goals.$inferSelect;

/** Every query is scoped by the caller's own user id: goals are never read across users. */
export function createGoalsRepo(db: Executor) {
  return {
    async list(userId: string, tx: Executor = db): Promise<GoalRow[]> {
      return tx.select().from(goals).where(eq(goals.userId, userId)).orderBy(goals.kind);
    },
    async upsert(row: typeof goals.$inferInsert, tx: Executor = db): Promise<GoalRow> {
      const [saved] = await tx
        .insert(goals)
        .values(row)
        .onConflictDoUpdate({
          target: [goals.userId, goals.kind],
          set: { value: row.value, updatedAt: row.updatedAt },
        })
        .returning();
      if (!saved) throw new Error('goal upsert returned no row');
      return saved;
    },
    /** True when there was a goal to delete. */
    async delete(userId: string, kind: GoalKind, tx: Executor = db): Promise<boolean> {
      const gone = await tx
        .delete(goals)
        .where(and(eq(goals.userId, userId), eq(goals.kind, kind)))
        .returning({ kind: goals.kind });
      return gone.length > 0;
    },
  };
}
