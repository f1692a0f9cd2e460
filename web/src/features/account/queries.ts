import type { LoginAnswer, Me, ParentalConsentRequest, SecondFactorMethod } from '@vitalbase/core/accounts';
import type { AccountPreferences, AccountUnits } from '@vitalbase/core/preferences';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { meKey } from '../../api/queries';

/**
 * The accounts API (docs/api-accounts.md): the account page's forms and the signed-out pages that
 * lead to an account (sign-up, sign-in, the mailed links, password reset) all reach it from here.
 */

/** A mailed link's token is posted once: as a query that never refetches, so a re-render cannot post it twice. */
const once = { retry: false, staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY } as const;

export interface ProfileChange {
  displayName: string;
  locale: string;
  timeZone: string;
}

/** Saves the profile; `beforeShown` runs (e.g. switching the language) before the new profile is shown. */
export function useUpdateProfile({
  beforeShown,
}: {
  beforeShown: (body: ProfileChange) => Promise<unknown>;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileChange) => api<Me>('PATCH', '/api/me', body),
    onSuccess: async (updated, body) => {
      await beforeShown(body);
      queryClient.setQueryData(meKey, updated);
    },
  });
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newEmail: string }) => api('POST', '/api/me/email', body),
  });
}

export function useChangePassword({ onSuccess }: { onSuccess: () => void }) {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api('POST', '/api/me/password', body),
    onSuccess,
  });
}

export function useSignUp({ onSuccess }: { onSuccess: () => void }) {
  return useMutation({ mutationFn: (body: object) => api('POST', '/api/auth/signup', body), onSuccess });
}

export function useResendVerification(email?: string) {
  return useMutation({
    // The address given now (a page that asks for it), else the one the hook was made with.
    mutationFn: (typed?: string) => api('POST', '/api/auth/resend-verification', { email: typed ?? email }),
  });
}

export function useVerifyEmail(token: string | null) {
  return useQuery({
    queryKey: ['verify-email', token],
    queryFn: () => api('POST', '/api/auth/verify-email', { token }),
    enabled: !!token,
    ...once,
  });
}

/** Confirms a new email address from the mailed link; the account then shows it. */
export function useConfirmEmailChange(token: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['confirm-email-change', token],
    queryFn: async () => {
      await api('POST', '/api/auth/confirm-email-change', { token });
      await queryClient.invalidateQueries({ queryKey: meKey });
      return true;
    },
    enabled: !!token,
    ...once,
  });
}

export function useForgotPassword() {
  return useMutation({ mutationFn: (email: string) => api('POST', '/api/auth/forgot-password', { email }) });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string | null; password: string }) =>
      api('POST', '/api/auth/reset-password', body),
  });
}

export function useLogin({ onSuccess }: { onSuccess: (answer: LoginAnswer) => Promise<void> }) {
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<LoginAnswer>('POST', '/api/auth/login', body),
    onSuccess,
  });
}

/** Finishes a sign-in with the mailed link (after many failed attempts on the account). */
export function useSignInLink(token: string | null) {
  return useQuery({
    queryKey: ['sign-in-link', token],
    queryFn: () => api<LoginAnswer>('POST', '/api/auth/sign-in-link', { token }),
    enabled: !!token,
    ...once,
  });
}

/**
 * The second step of a sign-in: a code from the app, a recovery code, or a passkey. `inSession`: the
 * same, by a signed-in session that must pass its second factor (clinic and staff pages ask it).
 */
export function useSecondFactorStep({
  onSuccess,
  inSession,
}: {
  onSuccess: () => void;
  inSession?: boolean;
}) {
  return useMutation({
    mutationFn: async (input: { method: SecondFactorMethod; code?: string }) => {
      if (inSession) return passInSession(input);
      if (input.method === 'totp') return api('POST', '/api/auth/second-factor/totp', { code: input.code });
      if (input.method === 'recovery_code')
        return api('POST', '/api/auth/second-factor/recovery-code', { code: input.code });
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
        'POST',
        '/api/auth/second-factor/passkey/options',
      );
      const response = await startAuthentication({ optionsJSON });
      return api('POST', '/api/auth/second-factor/passkey', { response });
    },
    onSuccess,
  });
}

/** POST /api/me/second-factor/session: a code, or the passkey's answer to the step-up options. */
async function passInSession(input: { method: SecondFactorMethod; code?: string }) {
  if (input.method !== 'passkey') return api('POST', '/api/me/second-factor/session', { code: input.code });
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
    'POST',
    '/api/me/second-factor/passkey/options',
  );
  const passkey = await startAuthentication({ optionsJSON });
  return api('POST', '/api/me/second-factor/session', { passkey });
}

const parentalConsentPath = (token: string | null) =>
  `/api/parental-consent/${encodeURIComponent(token ?? '')}`;

/** For the parent, from the mailed link: who the child is. */
export function useParentalConsentRequest(token: string | null) {
  return useQuery({
    queryKey: ['parental-consent', token],
    queryFn: () => api<ParentalConsentRequest>('GET', parentalConsentPath(token)),
    enabled: !!token,
    retry: false,
  });
}

/** The parent's answer; refusing deletes the child's account and data. */
export function useAnswerParentalConsent(token: string | null) {
  return useMutation({
    mutationFn: (body: { decision: 'grant' | 'refuse'; parentName: string }) =>
      api('POST', parentalConsentPath(token), body),
  });
}

const preferencesKey = [...meKey, 'preferences'] as const;

/**
 * The account's preferences (units, dismissed notices), the same in every browser. `enabled: false`
 * before sign-in: a signed-out page has no account to read.
 */
export function usePreferences(enabled = true) {
  return useQuery({
    queryKey: preferencesKey,
    queryFn: () => api<AccountPreferences>('GET', '/api/me/preferences'),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * Saves the display units for the account; every page shows them at once (the cache is updated). The
 * choices come from core's lists (web units.ts); the server checks them again.
 */
export function useSaveUnits() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (units: Record<string, string>) =>
      api<AccountPreferences>('PUT', '/api/me/preferences/units', units),
    onMutate: (units) => {
      const before = queryClient.getQueryData<AccountPreferences>(preferencesKey);
      if (before) queryClient.setQueryData(preferencesKey, { ...before, units: units as AccountUnits });
      return { before };
    },
    onError: (_err, _units, context) => {
      if (context?.before) queryClient.setQueryData(preferencesKey, context.before);
    },
    onSuccess: (saved) => queryClient.setQueryData(preferencesKey, saved),
  });
}

/** Hides the "add a second factor" banner for the account. */
export function useDismissSecondFactorNudge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<AccountPreferences>('PUT', '/api/me/preferences/second-factor-nudge', { dismissed: true }),
    onSuccess: (saved) => queryClient.setQueryData(preferencesKey, saved),
  });
}
