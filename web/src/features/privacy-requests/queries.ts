import type { NewPrivacyRequest, PrivacyRequestView } from '@vitalbase/core/privacy-requests';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

const privacyRequestsKey = ['me', 'privacy-requests'] as const;

export function usePrivacyRequests() {
  return useQuery({
    queryKey: privacyRequestsKey,
    queryFn: () => api<{ requests: PrivacyRequestView[] }>('GET', '/api/me/privacy-requests'),
  });
}

/** Files a request for the operator; `onSuccess` runs before the list is read again. */
export function useFilePrivacyRequest({ onSuccess }: { onSuccess: () => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPrivacyRequest) =>
      api<PrivacyRequestView>('POST', '/api/me/privacy-requests', body),
    onSuccess: async () => {
      onSuccess();
      await queryClient.invalidateQueries({ queryKey: privacyRequestsKey });
    },
  });
}
