import type { PolicyDocument } from '@vitalbase/core/policies';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** What the policy routes answer (server/src/features/policies). */
export interface PolicyVersionSummary {
  document: PolicyDocument;
  version: string;
  effectiveDate: string;
  publishedAt: string;
  major: boolean;
  summary: string;
}

export interface PolicyVersionDetail extends PolicyVersionSummary {
  inForce: boolean;
  markdown: string;
  /** Rendered and sanitised by the server (allow-list): safe to insert. */
  html: string;
  previousVersion: string | null;
  diff: Array<{ change: 'added' | 'removed' | 'same'; text: string }> | null;
}

export interface PolicyDocumentStatus {
  document: PolicyDocument;
  inForce: PolicyVersionSummary | null;
  upcoming: Array<PolicyVersionSummary & { accepted: boolean }>;
  acceptanceRequired: PolicyVersionSummary | null;
  lastAccepted: { version: string; acceptedAt: string } | null;
}

export interface PolicyAcceptance {
  document: PolicyDocument;
  version: string;
  acceptedAt: string;
  method: string;
}

export const myPoliciesKey = ['me', 'policies'] as const;

export function useMyPolicies() {
  return useQuery({
    queryKey: myPoliciesKey,
    queryFn: () => api<{ documents: PolicyDocumentStatus[] }>('GET', '/api/me/policies'),
    staleTime: 60_000,
  });
}

export function acceptPolicy(document: PolicyDocument, version: string) {
  return api<{ documents: PolicyDocumentStatus[] }>('POST', '/api/me/policies/acceptances', {
    document,
    version,
  });
}
