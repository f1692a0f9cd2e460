import type { CreatedDeveloperApp, DeveloperApp } from '@vitalbase/core/oauth';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import {
  type DeveloperAppInput,
  type DeveloperAppList,
  developerAppPath,
  developerAppsKey,
} from './developer-apps-api';

export function useDeveloperApps() {
  return useQuery({
    queryKey: developerAppsKey,
    queryFn: () => api<DeveloperAppList>('GET', '/api/developer/apps'),
  });
}

/** Registers an app; the answer carries its secret, shown this once. */
export function useRegisterApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeveloperAppInput) => api<CreatedDeveloperApp>('POST', '/api/developer/apps', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: developerAppsKey }),
  });
}

export function useEditApp(clientId: string, { onSuccess }: { onSuccess: () => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeveloperAppInput) => api<DeveloperApp>('PATCH', developerAppPath(clientId), input),
    onSuccess: async () => {
      onSuccess();
      await queryClient.invalidateQueries({ queryKey: developerAppsKey });
    },
  });
}

/** A new client secret, shown this once; the old one stops working. */
export function useRotateSecret(clientId: string, { onSuccess }: { onSuccess: () => void }) {
  return useMutation({
    mutationFn: () => api<{ clientSecret: string }>('POST', `${developerAppPath(clientId)}/secret`),
    onSuccess,
  });
}

export function useDeleteApp(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api('DELETE', developerAppPath(clientId)),
    onSuccess: async () => {
      await queryClient.cancelQueries({ queryKey: developerAppsKey });
      queryClient.setQueryData<DeveloperAppList>(developerAppsKey, (old) =>
        old ? { items: old.items.filter((a) => a.clientId !== clientId) } : old,
      );
      await queryClient.invalidateQueries({ queryKey: developerAppsKey });
    },
  });
}
