import type { AccessLogPage } from '@vitalbase/core/access-log';
import type {
  ConsentChange,
  ConsentHistoryEntry,
  ConsentPurpose,
  ConsentState,
  CookiePreferences,
  PrivacyInfo,
} from '@vitalbase/core/consents';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiOptions, api } from '../../api/client';

export type { ConsentHistoryEntry };

const privacyKeys = {
  consents: ['me', 'consents'] as const,
  consentHistory: ['me', 'consents', 'history'] as const,
  accessLog: ['me', 'access-log'] as const,
  info: ['privacy', 'info'] as const,
};

/** Whose consents are shown: the signed-in user's (default), or a child's for the parent's link. */
export interface ConsentsSource {
  queryKey: readonly unknown[];
  /** `GET base` lists them, `PUT base/:purpose` changes one. */
  base: string;
  options?: ApiOptions;
}
export const ownConsents: ConsentsSource = { queryKey: privacyKeys.consents, base: '/api/me/consents' };

/** What both answers hold (GET /api/me/consents, GET /api/guardian/consents). */
interface ConsentsList {
  consents: ConsentState[];
}

export function useConsents(source: ConsentsSource) {
  return useQuery({
    queryKey: source.queryKey,
    queryFn: () => api<ConsentsList>('GET', source.base, undefined, source.options),
  });
}

/** A change of one purpose: the body the route takes (core's ConsentChange) and which purpose. */
export type PurposeChange = ConsentChange & { purpose: ConsentPurpose };

export function useChangeConsent(source: ConsentsSource) {
  const queryClient = useQueryClient();
  const key = source.queryKey;
  return useMutation({
    mutationFn: ({ purpose, ...body }: PurposeChange) =>
      api('PUT', `${source.base}/${purpose}`, body, source.options),
    // The box shows the choice at once; the server's answer (or its refusal) then replaces it. A read
    // still in flight is cancelled first, or its older answer would undo the tick on arrival.
    onMutate: async ({ purpose, granted }) => {
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<ConsentsList>(key, (old) =>
        old
          ? { ...old, consents: old.consents.map((c) => (c.purpose === purpose ? { ...c, granted } : c)) }
          : old,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useConsentHistory() {
  return useQuery({
    queryKey: privacyKeys.consentHistory,
    queryFn: () => api<{ history: ConsentHistoryEntry[] }>('GET', '/api/me/consents/history'),
  });
}

/** Who read the user's data, newest first, 20 at a time. */
export function useAccessLog() {
  return useInfiniteQuery({
    queryKey: privacyKeys.accessLog,
    queryFn: ({ pageParam }) =>
      api<AccessLogPage>(
        'GET',
        `/api/me/access-log?limit=20${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function usePrivacyInfo() {
  return useQuery({
    queryKey: privacyKeys.info,
    queryFn: () => api<PrivacyInfo>('GET', '/api/privacy/info'),
  });
}

/** The cookie choice a signed-in user made elsewhere (null if none): read once, outside the query cache. */
export async function fetchStoredCookieChoice(): Promise<CookiePreferences | null> {
  const { preferences } = await api<{ preferences: CookiePreferences | null }>(
    'GET',
    '/api/me/cookie-preferences',
  );
  return preferences;
}

export function storeCookieChoice(prefs: CookiePreferences): Promise<unknown> {
  return api('PUT', '/api/me/cookie-preferences', prefs);
}
