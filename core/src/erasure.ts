import { z } from 'zod';

/**
 * The account deletion answers (P19, docs/privacy.md). Declared by
 * server/src/features/erasure/erasure.routes.ts, inferred by web/src/features/erasure/queries.ts.
 */

/** POST /api/me/erasure: the account is closed; its data is purged after this instant unless cancelled. */
export const erasureRequestedSchema = z.object({ purgeAfter: z.string() });
export type ErasureRequested = z.infer<typeof erasureRequestedSchema>;
