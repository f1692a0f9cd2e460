import type {
  PolicyAcceptances,
  PolicyDocument,
  PolicyList,
  PolicyStatus,
  PolicyVersionDetail,
} from '@vitalbase/core/policies';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type { PolicyVersionDetail };

export const myPoliciesKey = ['me', 'policies'] as const;

export function useMyPolicies() {
  return useQuery({
    queryKey: myPoliciesKey,
    queryFn: () => api<PolicyStatus>('GET', '/api/me/policies'),
    staleTime: 60_000,
  });
}

export function acceptPolicy(document: PolicyDocument, version: string) {
  return api<PolicyStatus>('POST', '/api/me/policies/acceptances', {
    document,
    version,
  });
}

export const policyAcceptancesKey = ['me', 'policy-acceptances'] as const;

/** Every published version of each document (public). */
export function usePolicyList() {
  return useQuery({ queryKey: ['policies'], queryFn: () => api<PolicyList>('GET', '/api/policies') });
}

export function usePolicyAcceptances() {
  return useQuery({
    queryKey: policyAcceptancesKey,
    queryFn: () => api<PolicyAcceptances>('GET', '/api/me/policies/acceptances'),
  });
}

export function usePolicyVersion(
  document: string | undefined,
  version: string | undefined,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['policies', document, version],
    queryFn: () => api<PolicyVersionDetail>('GET', `/api/policies/${document}/${version}`),
    enabled,
  });
}
