import type { SecurityEvent, SessionInfo } from '@vitalbase/core/accounts';
import type { AccessToken, CreatedAccessToken } from '@vitalbase/core/access-tokens';
import type {
  Passkey,
  PasskeyAdded,
  RecoveryCodesAnswer,
  SecondFactorStatus,
  TotpConfirmed,
  TotpEnrolment,
} from '@vitalbase/core/second-factor';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { meKey } from '../../api/queries';
import { type StepUp, stepUpFields } from './step-up';

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
    mutationFn: async (input: StepUp) =>
      api<TotpEnrolment>('POST', '/api/me/totp/enroll', await stepUpFields({ ...input, code: undefined })),
  });
}

export function useConfirmTotp({ onSuccess }: Done<TotpConfirmed>) {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (code: string) => api<TotpConfirmed>('POST', '/api/me/totp/confirm', { code }),
    onSuccess: (answer) => {
      onSuccess?.(answer);
      void refreshMe();
    },
  });
}

export function useRegenerateRecoveryCodes({ onSuccess }: Done<RecoveryCodesAnswer>) {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: async (input: StepUp) =>
      api<RecoveryCodesAnswer>(
        'POST',
        '/api/me/recovery-codes',
        await stepUpFields({ ...input, code: undefined }),
      ),
    onSuccess: (answer) => {
      onSuccess?.(answer);
      void refreshMe();
    },
  });
}

export function useDisableTotp() {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: async (input: StepUp) => api('DELETE', '/api/me/totp', await stepUpFields(input)),
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

/**
 * Registers a passkey: the server's options, the browser creates the key, the server keeps its public
 * part. The account's first second factor answers its recovery codes too (shown once).
 */
export function useAddPasskey({ onSuccess }: Done<PasskeyAdded>) {
  const refresh = useRefreshPasskeys();
  return useMutation({
    mutationFn: async (keyName: string) => {
      const { startRegistration } = await import('@simplewebauthn/browser');
      const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>(
        'POST',
        '/api/me/passkeys/options',
      );
      const response = await startRegistration({ optionsJSON });
      return api<PasskeyAdded>('POST', '/api/me/passkeys', { name: keyName, response });
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
    mutationFn: async ({ id, stepUp }: { id: string; stepUp: StepUp }) =>
      api('DELETE', `/api/me/passkeys/${encodeURIComponent(id)}`, await stepUpFields(stepUp)),
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
