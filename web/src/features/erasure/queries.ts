import type { ErasureRequested } from '@vitalbase/core/erasure';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, forgetCsrfToken } from '../../api/client';
import { type StepUp, stepUpFields } from '../security/step-up';

/**
 * The account deletion (P19). Both are writes: nothing here is read back, so there are no query keys;
 * the request clears the whole cache instead, since the session goes with the account.
 */

/** Closes the account; `onSuccess` gets the instant after which it is purged (the page leaves the app). */
export function useRequestErasure({ onSuccess }: { onSuccess: (answer: ErasureRequested) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    // The passkey alone (it verifies the person), or the password and a code when a factor is on.
    mutationFn: async (input: StepUp) =>
      api<ErasureRequested>('POST', '/api/me/erasure', await stepUpFields(input, 'secondFactorCode')),
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
