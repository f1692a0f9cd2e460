import type { PublicConfig } from '@vitalbase/core/public-config';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/** GET /api/config: the server's public origin (PUBLIC_URL), read once per visit. */
export function usePublicConfig() {
  return useQuery({
    queryKey: ['public-config'],
    queryFn: () => api<PublicConfig>('GET', '/api/config'),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
