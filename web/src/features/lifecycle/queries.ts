import type {
  Disclosure,
  DisclosureInput,
  MaintenanceNotice,
  MaintenanceWindow,
  MaintenanceWindowInput,
  MySuspension,
  Processor,
  Suspension,
} from '@vitalbase/core/lifecycle';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The account lifecycle's keys and hooks (issue #16): the user's side and the console's. */
const lifecycleKeys = {
  maintenance: ['maintenance'] as const,
  suspension: ['me', 'suspension'] as const,
  processors: ['privacy', 'processors'] as const,
  adminMaintenance: ['admin', 'maintenance'] as const,
  adminSuspensions: ['admin', 'suspensions'] as const,
  adminDisclosures: ['admin', 'disclosures'] as const,
  adminProcessors: ['admin', 'processors'] as const,
};

/** The banner's windows, read again every 5 minutes (a window that starts flips to "paused"). */
export function useMaintenance() {
  return useQuery({
    queryKey: lifecycleKeys.maintenance,
    queryFn: () => api<{ windows: MaintenanceNotice[] }>('GET', '/api/maintenance'),
    refetchInterval: 5 * 60_000,
    staleTime: 60_000,
  });
}

export function useMySuspension(enabled: boolean) {
  return useQuery({
    queryKey: lifecycleKeys.suspension,
    queryFn: () => api<MySuspension>('GET', '/api/me/suspension'),
    enabled,
  });
}

export function useProcessors() {
  return useQuery({
    queryKey: lifecycleKeys.processors,
    queryFn: () => api<{ processors: Processor[] }>('GET', '/api/privacy/processors'),
  });
}

/** A console list and the mutations that change it (each refreshes the list). */
function useAdminList<T>(key: readonly string[], path: string) {
  return useQuery({ queryKey: key, queryFn: () => api<T>('GET', path) });
}
function useAdminChange<Body>(key: readonly string[], send: (body: Body) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

export const useMaintenanceWindows = () =>
  useAdminList<{ windows: MaintenanceWindow[] }>(lifecycleKeys.adminMaintenance, '/api/admin/maintenance');
export const useScheduleWindow = () =>
  useAdminChange(lifecycleKeys.adminMaintenance, (body: MaintenanceWindowInput) =>
    api('POST', '/api/admin/maintenance', body),
  );
export const useCancelWindow = () =>
  useAdminChange(lifecycleKeys.adminMaintenance, (id: string) =>
    api('DELETE', `/api/admin/maintenance/${id}`),
  );

export const useSuspensions = () =>
  useAdminList<{ suspensions: Suspension[] }>(lifecycleKeys.adminSuspensions, '/api/admin/suspensions');
export const useSuspend = () =>
  useAdminChange(lifecycleKeys.adminSuspensions, (body: { user: string; reason: string }) =>
    api('POST', '/api/admin/suspensions', body),
  );
export const useLift = () =>
  useAdminChange(lifecycleKeys.adminSuspensions, ({ id, reason }: { id: string; reason: string }) =>
    api('POST', `/api/admin/suspensions/${id}/lift`, { reason }),
  );

export const useDisclosures = () =>
  useAdminList<{ disclosures: Disclosure[] }>(lifecycleKeys.adminDisclosures, '/api/admin/disclosures');
export const useRecordDisclosure = () =>
  useAdminChange(lifecycleKeys.adminDisclosures, (body: DisclosureInput) =>
    api('POST', '/api/admin/disclosures', body),
  );

export const useAdminProcessors = () =>
  useAdminList<{ processors: Processor[] }>(lifecycleKeys.adminProcessors, '/api/admin/processors');
export const useAddProcessor = () =>
  useAdminChange(lifecycleKeys.adminProcessors, (body: Omit<Processor, 'id'>) =>
    api('POST', '/api/admin/processors', body),
  );
export const useRemoveProcessor = () =>
  useAdminChange(lifecycleKeys.adminProcessors, (id: string) => api('DELETE', `/api/admin/processors/${id}`));
