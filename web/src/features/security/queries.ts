import type { SecurityEvent, SessionInfo } from '@vitalbase/core/accounts';
import type { AccessToken, CreatedAccessToken } from '@vitalbase/core/access-tokens';
import type {
  Passkey,
  RecoveryCodesAnswer,
  SecondFactorStatus,
  TotpEnrolment,
} from '@vitalbase/core/second-factor';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { meKey } from '../../api/queries';

// Every key starts with ['me']: invalidating meKey refreshes the account and all of its security.
const securityKeys = {
  sessions: [...meKey, 'sessions'] as const,
  securityEvents: [...meKey, 'security-events'] as const,
  secondFactor: [...meKey, 'second-factor'] as const,
  passkeys: [...meKey, 'passkeys'] as const,
  tokens: [...meKey, 'tokens'] as const,
};

type Done<T = unknown> = { onSuccess?: (answer: T) => unknown };

export function useSessions() {
  return useQuery({
    queryKey: securityKeys.sessions,
    queryFn: () => api<SessionInfo[]>('GET', '/api/me/sessions'),
  });
}

/** Ends one session; `signedOut` runs when it was this browser's own. */
export function useRevokeSession({ signedOut }: { signedOut: () => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (s: SessionInfo) => api('DELETE', `/api/me/sessions/${encodeURIComponent(s.id)}`),
    onSuccess: (_v, s) =>
      s.current ? signedOut() : queryClient.invalidateQueries({ queryKey: securityKeys.sessions }),
  });
}

export function useSignOutEverywhere({ onSuccess }: Done) {
  return useMutation({ mutationFn: () => api('POST', '/api/auth/logout-all'), onSuccess });
}

const SECURITY_EVENTS_PAGE = 20;

/** The account's audit trail, a page at a time after the last event's id. */
export function useSecurityEvents() {
  return useInfiniteQuery({
    queryKey: securityKeys.securityEvents,
    queryFn: ({ pageParam }) =>
      api<SecurityEvent[]>(
        'GET',
        `/api/me/security-events?limit=${SECURITY_EVENTS_PAGE}${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => (last.length < SECURITY_EVENTS_PAGE ? undefined : last[last.length - 1]?.id),
  });
}

export function useSecondFactorStatus() {
  return useQuery({
    queryKey: securityKeys.secondFactor,
    queryFn: () => api<SecondFactorStatus>('GET', '/api/me/second-factor'),
  });
}

// ['me'] covers the account, its second-factor status and its security events.
function useRefreshMe() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: meKey });
}

export function useEnrollTotp() {
  return useMutation({
    mutationFn: (currentPassword: string) =>
      api<TotpEnrolment>('POST', '/api/me/totp/enroll', { currentPassword }),
  });
}

export function useConfirmTotp({ onSuccess }: Done<RecoveryCodesAnswer>) {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (code: string) => api<RecoveryCodesAnswer>('POST', '/api/me/totp/confirm', { code }),
    onSuccess: (answer) => {
      onSuccess?.(answer);
      void refreshMe();
    },
  });
}

export function useRegenerateRecoveryCodes({ onSuccess }: Done<RecoveryCodesAnswer>) {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (currentPassword: string) =>
      api<RecoveryCodesAnswer>('POST', '/api/me/recovery-codes', { currentPassword }),
    onSuccess: (answer) => {
      onSuccess?.(answer);
      void refreshMe();
    },
  });
}

export function useDisableTotp() {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (body: { currentPassword: string; code: string }) => api('DELETE', '/api/me/totp', body),
    onSuccess: refreshMe,
  });
}

export function usePasskeys() {
  return useQuery({
    queryKey: securityKeys.passkeys,
    queryFn: () => api<Passkey[]>('GET', '/api/me/passkeys'),
  });
}

function useRefreshPasskeys() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: securityKeys.passkeys }),
      queryClient.invalidateQueries({ queryKey: meKey, exact: true }),
    ]);
}

/** Registers a passkey: the server's options, the browser creates the key, the server keeps its public part. */
export function useAddPasskey({ onSuccess }: Done<Passkey>) {
  const refresh = useRefreshPasskeys();
  return useMutation({
    mutationFn: async (keyName: string) => {
      const { startRegistration } = await import('@simplewebauthn/browser');
      const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>(
        'POST',
        '/api/me/passkeys/options',
      );
      const response = await startRegistration({ optionsJSON });
      return api<Passkey>('POST', '/api/me/passkeys', { name: keyName, response });
    },
    onSuccess: async (answer) => {
      onSuccess?.(answer);
      await refresh();
    },
  });
}

export function useRemovePasskey() {
  const refresh = useRefreshPasskeys();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/me/passkeys/${encodeURIComponent(id)}`),
    onSuccess: refresh,
  });
}

export function useAccessTokens() {
  return useQuery({
    queryKey: securityKeys.tokens,
    queryFn: () => api<AccessToken[]>('GET', '/api/me/tokens'),
  });
}

function useRefreshTokens() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: securityKeys.tokens });
}

export function useCreateAccessToken() {
  const onSuccess = useRefreshTokens();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresInDays?: number }) =>
      api<CreatedAccessToken>('POST', '/api/me/tokens', body),
    onSuccess,
  });
}

export function useRevokeAccessToken() {
  const onSuccess = useRefreshTokens();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/me/tokens/${encodeURIComponent(id)}`),
    onSuccess,
  });
}
