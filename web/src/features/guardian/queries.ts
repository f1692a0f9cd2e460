import type { GuardianView } from '@vitalbase/core/consents';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ConsentsSource } from '../privacy/queries';

/**
 * A child's consents, for the parent holding the mailed link: its token goes in a header, never back
 * into a URL. The view and the consents section share one key: the view's answer holds the consents.
 */
export function guardianConsents(token: string | null | undefined): ConsentsSource {
  return {
    queryKey: ['guardian', 'consents', token],
    base: '/api/guardian/consents',
    options: { headers: { 'x-guardian-token': token ?? '' } },
  };
}

export function useGuardianView(token: string | null | undefined) {
  const source = guardianConsents(token);
  return useQuery({
    queryKey: source.queryKey,
    queryFn: () => api<GuardianView>('GET', source.base, undefined, source.options),
    enabled: !!token,
    retry: false,
  });
}
