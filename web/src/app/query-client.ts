import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { isGatewayStatus, onReconnect } from '../api/connection';

/** A failure that may pass by itself: the server unreachable or restarting. A 4xx will not. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || isGatewayStatus(error.status));
}

/**
 * Reads retry a passing failure three times (1 s, 2 s, 4 s), refetch when the window regains focus or
 * the browser comes back online, and refetch everything on screen once the server answers again
 * (api/connection.ts), so a page that failed during an outage recovers without a reload. Writes are
 * never retried: the user decides whether to send them again.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 3 && isTransient(error),
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
      },
      mutations: { retry: false },
    },
  });
  onReconnect(() => void client.invalidateQueries({ refetchType: 'active' }));
  return client;
}
