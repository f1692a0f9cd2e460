import { type Goal, type GoalKind, goalDefinitions, goalValueProblem, roundGoalValue } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts';
import { createGoalsRepo, type GoalRow } from './goals.repo';

function present(row: GoalRow): Goal {
  return {
    kind: row.kind,
    value: row.value,
    unit: goalDefinitions[row.kind].unit,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Steps, sleep and weight goals (issue 4 item 5): the caller's own, set, read and removed. */
export function createGoalsService(ctx: Pick<AppContext, 'database' | 'now'>) {
  const db = ctx.database.db;
  const repo = createGoalsRepo(db);

  return {
    async list(userId: string): Promise<Goal[]> {
      return (await repo.list(userId)).map(present);
    },

    async set(userId: string, kind: GoalKind, value: number): Promise<Goal> {
      const problem = goalValueProblem(kind, value);
      // The message names the rule, never the value: it may be logged.
      if (problem) throw new Invalid(`value ${problem}.`, { field: 'value' });
      // A goal is health-related data: only an active account stores it.
      await assertMayStoreHealthData(db, userId);
      const row = await repo.upsert({
        userId,
        kind,
        value: roundGoalValue(kind, value),
        updatedAt: ctx.now(),
      });
      return present(row);
    },

    async remove(userId: string, kind: GoalKind): Promise<void> {
      if (!(await repo.delete(userId, kind))) throw new NotFound('Goal');
    },
  };
}
