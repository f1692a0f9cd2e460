import type {
  ApproveConsentBody,
  ConnectedApp,
  ConsentRequest,
  InteractionResult,
} from '@vitalbase/core/oauth';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { sameOriginUrl } from './oauth-api';

export type { ConnectedApp };

const connectedAppsKey = ['me', 'connected-apps'] as const;

export function useConnectedApps() {
  return useQuery({
    queryKey: connectedAppsKey,
    queryFn: () => api<{ items: ConnectedApp[] }>('GET', '/api/connected-apps'),
  });
}

export function useDisconnectApp(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api('DELETE', `/api/connected-apps/${encodeURIComponent(clientId)}`),
    onSuccess: async () => {
      // The app leaves the list at once; the refetch then confirms what the server holds.
      await queryClient.cancelQueries({ queryKey: connectedAppsKey });
      queryClient.setQueryData<{ items: ConnectedApp[] }>(connectedAppsKey, (old) =>
        old ? { items: old.items.filter((a) => a.clientId !== clientId) } : old,
      );
      await queryClient.invalidateQueries({ queryKey: connectedAppsKey });
    },
  });
}

/** The authorization request the consent screen answers: read once, never refetched behind the user. */
export function useConsentRequest(uid: string) {
  return useQuery({
    queryKey: ['oauth', 'interaction', uid],
    queryFn: () => api<ConsentRequest>('GET', `/api/oauth/interaction/${encodeURIComponent(uid)}`),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/**
 * Allow (with the optional scopes the user kept ticked) or Deny; the answer is this site's address to
 * go on to (anything else is refused).
 */
export function useAnswerConsent(uid: string, { onSuccess }: { onSuccess: (target: string) => void }) {
  return useMutation({
    mutationFn: async (answer: { decision: 'approve'; scopes: string[] } | { decision: 'deny' }) => {
      const { redirectTo } = await api<InteractionResult>(
        'POST',
        `/api/oauth/interaction/${encodeURIComponent(uid)}/${answer.decision}`,
        answer.decision === 'approve' ? ({ scopes: answer.scopes } satisfies ApproveConsentBody) : undefined,
      );
      const target = sameOriginUrl(redirectTo, window.location.origin);
      if (!target) throw new Error('The authorization server answered with another site.');
      return target;
    },
    onSuccess,
  });
}
