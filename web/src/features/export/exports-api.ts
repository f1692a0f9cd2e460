/** What the export routes answer (server/src/features/export/export.routes.ts). */
export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';

export interface ExportItem {
  id: string;
  status: ExportStatus;
  progress: number;
  requestedAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
  failure: string | null;
}

export const exportsQueryKey = ['privacy', 'exports'] as const;

export const downloadUrl = (id: string) => `/api/privacy/exports/${encodeURIComponent(id)}/download`;

export const isOpen = (item: ExportItem) => item.status === 'queued' || item.status === 'running';
