import type {
  PolicyAcceptances,
  PolicyDocument,
  PolicyList,
  PolicyStatus,
  PolicyVersionDetail,
} from '@vitalbase/core/policies';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
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

/** The server's text language for the interface language: French, or English for any other. */
const textLanguage = (locale: string) => (locale.startsWith('fr') ? 'fr' : 'en');

/** The version in force of a document, in the interface language when translated (public, no session). */
export function usePolicyInForce(document: PolicyDocument, locale: string) {
  const language = textLanguage(locale);
  return useQuery({
    queryKey: ['policies', document, 'in-force', language],
    queryFn: () => api<PolicyVersionDetail>('GET', `/api/policies/${document}?locale=${language}`),
    staleTime: 60_000,
  });
}

export function usePolicyVersion(
  document: string | undefined,
  version: string | undefined,
  enabled: boolean,
) {
  const language = textLanguage(useTranslation().i18n.language);
  return useQuery({
    queryKey: ['policies', document, version, language],
    queryFn: () => api<PolicyVersionDetail>('GET', `/api/policies/${document}/${version}?locale=${language}`),
    enabled,
  });
}
