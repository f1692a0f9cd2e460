import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, forgetCsrfToken } from './client';
import type { Me } from './types';

export const meKey = ['me'] as const;

/** The signed-in user, or null when signed out (or when a second factor is still owed). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('GET', '/api/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 30_000, retry: false });
}

/** Signs this session out; nothing of the account stays in the cache, and the next write fetches a new CSRF token. */
export function useSignOut({ onSignedOut }: { onSignedOut: () => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api('POST', '/api/auth/logout'),
    onSuccess: () => {
      forgetCsrfToken();
      queryClient.clear();
      onSignedOut();
    },
  });
}

/** Saves the interface language to the profile (the one chosen on a public page before signing in). */
export function useSaveLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (locale: string) => api<Me>('PATCH', '/api/me', { locale }),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  });
}
