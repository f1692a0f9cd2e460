import type { Goal, GoalKind } from '@vitalbase/core/goals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type { Goal, GoalKind };

const goalsKey = ['goals'] as const;

export function useGoals() {
  return useQuery({
    queryKey: goalsKey,
    queryFn: () => api<{ goals: Goal[] }>('GET', '/api/me/goals'),
  });
}

/** One goal by kind, or undefined while loading or when none is set. */
export function useGoal(kind: GoalKind): Goal | undefined {
  return useGoals().data?.goals.find((g) => g.kind === kind);
}

export function useSetGoal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, value }: { kind: GoalKind; value: number }) =>
      api<Goal>('PUT', `/api/me/goals/${kind}`, { value }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: goalsKey }),
  });
}

export function useDeleteGoal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: GoalKind) => api<void>('DELETE', `/api/me/goals/${kind}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: goalsKey }),
  });
}
