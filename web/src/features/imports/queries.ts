import type { ImportFormat, ImportView } from '@vitalbase/core/imports';
import { MAX_IMPORT_CHUNK_BYTES } from '@vitalbase/core/imports';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, putBytes } from '../../api/client';

export type { ImportView };

const importsKey = ['imports'] as const;
/** Chunks of 4 MiB (the server takes up to 8): a lost connection costs at most one chunk. */
const CHUNK = Math.min(4 * 1024 * 1024, MAX_IMPORT_CHUNK_BYTES);

export const isWorking = (i: ImportView) =>
  i.state === 'queued' || i.state === 'running' || i.state === 'undoing';

export function useImports() {
  return useQuery({
    queryKey: importsKey,
    queryFn: () => api<{ imports: ImportView[] }>('GET', '/api/me/imports'),
    // While one is parsed and stored, follow its progress.
    refetchInterval: (query) => (query.state.data?.imports.some(isWorking) ? 1000 : false),
  });
}

/**
 * Creates the import and sends the file in chunks; a chunk the server did not take (409: another
 * offset) is resumed from the server's `bytesReceived`, so a dropped connection goes on where it was.
 */
async function upload(
  file: File,
  format: ImportFormat,
  options: Record<string, unknown> | undefined,
  onProgress: (sent: number) => void,
): Promise<ImportView> {
  const created = await api<ImportView>('POST', '/api/me/imports', {
    format,
    fileName: file.name.slice(0, 255),
    size: file.size,
    ...(options ? { options } : {}),
  });
  let start = 0;
  let retries = 0;
  while (start < file.size) {
    const end = Math.min(file.size, start + CHUNK);
    try {
      const res = await putBytes<{ bytesReceived: number }>(
        `/api/me/imports/${encodeURIComponent(created.id)}/content`,
        file.slice(start, end),
        { 'content-range': `bytes ${start}-${end - 1}/${file.size}` },
      );
      start = res.bytesReceived;
      retries = 0;
    } catch (err) {
      if (retries++ >= 5) throw err;
      const received =
        err instanceof ApiError && err.code === 'upload_offset'
          ? (err.details as { bytesReceived?: number })?.bytesReceived
          : undefined;
      start =
        received ??
        (await api<ImportView>('GET', `/api/me/imports/${encodeURIComponent(created.id)}`)).bytesReceived;
    }
    onProgress(start);
  }
  return created;
}

export function useUploadImport(onProgress: (sent: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { file: File; format: ImportFormat; options?: Record<string, unknown> }) =>
      upload(v.file, v.format, v.options, onProgress),
    onSettled: () => queryClient.invalidateQueries({ queryKey: importsKey }),
  });
}

export function useUndoImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ImportView>('POST', `/api/me/imports/${encodeURIComponent(id)}/undo`, {}),
    onSettled: () => queryClient.invalidateQueries(),
  });
}
