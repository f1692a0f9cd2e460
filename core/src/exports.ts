import { z } from 'zod';

/**
 * "Download my data" (P17, P18): the export routes' answer, declared by server/src/features/export
 * and inferred by web/src/features/export/queries.ts. The statuses are the stored ones
 * (server/src/features/export/export.schema.ts): a status the server adds and this list lacks fails
 * the server's typecheck at the route.
 */
export const exportStatuses = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

export const exportSchema = z.object({
  id: z.string(),
  status: z.enum(exportStatuses),
  progress: z.number().int().min(0).max(100),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  failure: z.string().nullable(),
});
export type ExportItem = z.infer<typeof exportSchema>;
