import type { ExportItem } from '@vitalbase/core/exports';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type { ExportItem };

const exportsQueryKey = ['privacy', 'exports'] as const;

export const downloadUrl = (id: string) => `/api/privacy/exports/${encodeURIComponent(id)}/download`;

export const isOpen = (item: ExportItem) => item.status === 'queued' || item.status === 'running';

export function useExports() {
  return useQuery({
    queryKey: exportsQueryKey,
    queryFn: () => api<{ items: ExportItem[] }>('GET', '/api/privacy/exports'),
    // While one is being prepared, follow its progress.
    refetchInterval: (query) => (query.state.data?.items.some(isOpen) ? 1000 : false),
  });
}

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<ExportItem>('POST', '/api/privacy/exports', {}),
    onSuccess: async (created) => {
      // A poll in flight must not overwrite the new item with the list from before it.
      await queryClient.cancelQueries({ queryKey: exportsQueryKey });
      queryClient.setQueryData<{ items: ExportItem[] }>(exportsQueryKey, (old) => ({
        items: [created, ...(old?.items ?? []).filter((i) => i.id !== created.id)],
      }));
    },
  });
}
