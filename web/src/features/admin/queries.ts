import type { AdminMe } from '@vitalbase/core/staff';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The console's keys and hooks (issue #16). */
export const adminKeys = {
  me: ['admin', 'me'] as const,
};

/** The staff member and their roles; a 403 (no role, no second factor) is the answer, not retried. */
export function useAdminMe() {
  return useQuery({
    queryKey: adminKeys.me,
    queryFn: () => api<AdminMe>('GET', '/api/admin/me'),
    retry: false,
    staleTime: 30_000,
  });
}
