import type { ReadingOut } from '@vitalbase/core/health-data/api';
import type {
  SupportCase,
  SupportGrantBody,
  SupportOpenBody,
  SupportQueue,
  SupportRequest,
  SupportRequestSummary,
} from '@vitalbase/core/support';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Support's keys and hooks (issue #16, P11): the user's requests, and the console's side. */
const supportKey = ['support'] as const;
const requestKey = (id: string) => [...supportKey, id] as const;
const consoleKey = ['admin', 'support'] as const;
const caseKey = (userId: string, id: string) => [...consoleKey, userId, id] as const;
const base = '/api/me/support/requests';

export const useSupportRequests = () =>
  useQuery({
    queryKey: supportKey,
    queryFn: () => api<{ requests: SupportRequestSummary[] }>('GET', base),
  });

export const useSupportRequest = (id: string) =>
  useQuery({ queryKey: requestKey(id), queryFn: () => api<SupportRequest>('GET', `${base}/${id}`) });

function useRequestAction<V>(id: string, call: (v: V) => Promise<SupportRequest>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (request) => {
      queryClient.setQueryData(requestKey(id), request);
      void queryClient.invalidateQueries({ queryKey: supportKey, exact: true });
    },
  });
}

export function useOpenSupportRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SupportOpenBody) => api<SupportRequest>('POST', base, body),
    onSuccess: (request) => {
      queryClient.setQueryData(requestKey(request.id), request);
      void queryClient.invalidateQueries({ queryKey: supportKey, exact: true });
    },
  });
}

export const useReplyToSupport = (id: string) =>
  useRequestAction(id, (message: string) =>
    api<SupportRequest>('POST', `${base}/${id}/messages`, { message }),
  );
export const useCloseSupportRequest = (id: string) =>
  useRequestAction(id, () => api<SupportRequest>('POST', `${base}/${id}/close`));
export const useGrantSupport = (id: string) =>
  useRequestAction(id, ({ grantId, body }: { grantId: string; body: SupportGrantBody }) =>
    api<SupportRequest>('POST', `${base}/${id}/grants/${grantId}/grant`, body),
  );
export const useAnswerSupportAsk = (id: string) =>
  useRequestAction(id, ({ grantId, action }: { grantId: string; action: 'decline' | 'revoke' }) =>
    api<SupportRequest>('POST', `${base}/${id}/grants/${grantId}/${action}`),
  );

// The console (staff with the support role).
const adminBase = '/api/admin/support/requests';

export const useSupportQueue = () =>
  useQuery({ queryKey: consoleKey, queryFn: () => api<SupportQueue>('GET', adminBase), retry: false });

/** The request page: each load is a read of the user's metadata, recorded in their access log. */
export const useSupportCase = (userId: string, id: string) =>
  useQuery({
    queryKey: caseKey(userId, id),
    queryFn: () => api<SupportCase>('GET', `${adminBase}/${userId}/${id}`),
    retry: false,
    staleTime: 60_000,
  });

export function useSupportConsoleAction(userId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: 'messages' | 'asks' | 'close'; body?: unknown }) =>
      api<void>('POST', `${adminBase}/${userId}/${id}/${path}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: consoleKey }),
  });
}

/** Granted readings of one metric (a read only while the user's grant covers it). */
export const useSupportReadings = (userId: string, id: string, metric: string | null) =>
  useQuery({
    queryKey: [...caseKey(userId, id), 'readings', metric],
    enabled: metric !== null,
    retry: false,
    queryFn: () => {
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const q = new URLSearchParams({ metric: metric ?? '', from, to, limit: '50' });
      return api<{ items: ReadingOut[] }>('GET', `${adminBase}/${userId}/${id}/readings?${q}`);
    },
  });
