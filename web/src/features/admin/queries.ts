import type { PrivacyRequestAnswer, PrivacyRequestView } from '@vitalbase/core/privacy-requests';
import type { PolicyPublishInput, PolicyVersionSummary } from '@vitalbase/core/policies';
import type {
  AdminMe,
  AdminPartnerApp,
  AdminPrivacyQueue,
  AdminUser,
  OperatorStaffMember,
  ServiceHealth,
  StaffRole,
} from '@vitalbase/core/staff';
import type { FirmwareCatalog, FirmwarePublishBody, FirmwareVersion } from '@vitalbase/core/firmware';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The console's keys and hooks (issue #16). */
const adminKeys = {
  me: ['admin', 'me'] as const,
  staff: ['admin', 'staff'] as const,
  privacy: ['admin', 'privacy-requests'] as const,
  privacyRequest: (id: string) => ['admin', 'privacy-requests', id] as const,
  service: ['admin', 'service'] as const,
  policies: ['admin', 'policies'] as const,
  partnerApps: ['admin', 'partner-apps'] as const,
  firmware: ['admin', 'firmware'] as const,
  myRoles: ['me', 'staff-roles'] as const,
};

/**
 * The signed-in user's own staff roles (empty for almost everyone): the app menu links to the
 * console only when there is one. Never a 403, so a user who is not staff sees no error.
 */
export function useMyStaffRoles(enabled = true) {
  return useQuery({
    queryKey: adminKeys.myRoles,
    queryFn: () => api<{ roles: StaffRole[] }>('GET', '/api/me/staff-roles'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The staff member and their roles; a 403 (no role, no second factor) is the answer, not retried. */
export function useAdminMe() {
  return useQuery({
    queryKey: adminKeys.me,
    queryFn: () => api<AdminMe>('GET', '/api/admin/me'),
    retry: false,
    staleTime: 30_000,
  });
}

/** One account by exact email or id, with the purpose recorded in the user's access log. */
export function useUserLookup() {
  return useMutation({
    mutationFn: (body: { query: string; purpose: string }) =>
      api<AdminUser>('POST', '/api/admin/users/lookup', body),
  });
}

export function useStaff() {
  return useQuery({
    queryKey: adminKeys.staff,
    queryFn: () => api<{ staff: OperatorStaffMember[] }>('GET', '/api/admin/staff'),
  });
}

export function useGrantRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: StaffRole }) => api('POST', '/api/admin/staff/grants', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.staff }),
  });
}

export function useRevokeRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: StaffRole }) =>
      api('DELETE', `/api/admin/staff/${userId}/roles/${role}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.staff }),
  });
}

export function usePrivacyQueue() {
  return useQuery({
    queryKey: adminKeys.privacy,
    queryFn: () => api<AdminPrivacyQueue>('GET', '/api/admin/privacy-requests'),
  });
}

type PrivacyRequestForStaff = PrivacyRequestView & {
  user: { id: string; email: string; displayName: string };
};

/** Reading one request is recorded in its user's access log: only when the officer opens it. */
export function usePrivacyRequest(id: string | null) {
  return useQuery({
    queryKey: adminKeys.privacyRequest(id ?? ''),
    queryFn: () => api<PrivacyRequestForStaff>('GET', `/api/admin/privacy-requests/${id}`),
    enabled: Boolean(id),
  });
}

export function useAnswerPrivacyRequest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PrivacyRequestAnswer) =>
      api<PrivacyRequestView>('POST', `/api/admin/privacy-requests/${id}/answer`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.privacy }),
  });
}

export function useServiceHealth() {
  return useQuery({
    queryKey: adminKeys.service,
    queryFn: () => api<ServiceHealth>('GET', '/api/admin/service'),
  });
}

interface PolicyDocumentVersions {
  document: 'privacy' | 'terms';
  inForce: string | null;
  versions: PolicyVersionSummary[];
}

export function usePolicies() {
  return useQuery({
    queryKey: adminKeys.policies,
    queryFn: () => api<{ documents: PolicyDocumentVersions[] }>('GET', '/api/admin/policies'),
  });
}

export function usePublishPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PolicyPublishInput) => api<PolicyVersionSummary>('POST', '/api/admin/policies', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.policies }),
  });
}

export function usePartnerApps() {
  return useQuery({
    queryKey: adminKeys.partnerApps,
    queryFn: () => api<{ apps: AdminPartnerApp[] }>('GET', '/api/admin/partner-apps'),
  });
}

export function useRegisterPartnerApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; redirectUris: string[]; scopes: string[]; public: boolean }) =>
      api<AdminPartnerApp & { clientSecret: string | null }>('POST', '/api/admin/partner-apps', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.partnerApps }),
  });
}

export function useRemovePartnerApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) =>
      api('DELETE', `/api/admin/partner-apps/${encodeURIComponent(clientId)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.partnerApps }),
  });
}

export function useDisablePartnerApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ clientId, reason }: { clientId: string; reason: string }) =>
      api<AdminPartnerApp>('POST', `/api/admin/partner-apps/${encodeURIComponent(clientId)}/disable`, {
        reason,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.partnerApps }),
  });
}

export function useEnablePartnerApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) =>
      api<AdminPartnerApp>('POST', `/api/admin/partner-apps/${encodeURIComponent(clientId)}/enable`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.partnerApps }),
  });
}

export function useFirmwareCatalog() {
  return useQuery({
    queryKey: adminKeys.firmware,
    queryFn: () => api<FirmwareCatalog>('GET', '/api/admin/firmware'),
  });
}

export function usePublishFirmware() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FirmwarePublishBody) => api<FirmwareVersion>('POST', '/api/admin/firmware', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.firmware }),
  });
}

export function useRequireFirmware() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ model, version }: { model: string; version: string }) =>
      api<FirmwareVersion>(
        'POST',
        `/api/admin/firmware/${encodeURIComponent(model)}/${encodeURIComponent(version)}/require`,
        {},
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.firmware }),
  });
}
