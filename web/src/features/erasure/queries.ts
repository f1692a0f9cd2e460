import type { ErasureRequested } from '@vitalbase/core/erasure';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, forgetCsrfToken } from '../../api/client';

/**
 * The account deletion (P19). Both are writes: nothing here is read back, so there are no query keys;
 * the request clears the whole cache instead, since the session goes with the account.
 */

interface ErasureInput {
  currentPassword: string;
  /** A TOTP or recovery code, when the account has a second factor ('' when none was typed). */
  code: string;
  /** Prove the second factor with a passkey instead of a code. */
  withPasskey: boolean;
}

/** Closes the account; `onSuccess` gets the instant after which it is purged (the page leaves the app). */
export function useRequestErasure({ onSuccess }: { onSuccess: (answer: ErasureRequested) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ currentPassword, code, withPasskey }: ErasureInput) => {
      let proof: Record<string, unknown> = code.trim() ? { secondFactorCode: code.trim() } : {};
      if (withPasskey) {
        // The passkey is proven again for this action (step-up), as at sign-in.
        const { startAuthentication } = await import('@simplewebauthn/browser');
        const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
          'POST',
          '/api/me/second-factor/passkey/options',
        );
        proof = { passkey: await startAuthentication({ optionsJSON }) };
      }
      return api<ErasureRequested>('POST', '/api/me/erasure', { currentPassword, ...proof });
    },
    onSuccess: (answer) => {
      // The session is gone with the account: nothing cached belongs to anyone any more.
      forgetCsrfToken();
      queryClient.clear();
      onSuccess(answer);
    },
  });
}

/** Keeps the account, with the token of the mailed cancel link. */
export function useCancelErasure(token: string | null) {
  return useMutation({ mutationFn: () => api('POST', '/api/erasure/cancel', { token }) });
}
