import { z } from 'zod';

/** GET /api/me/access-log (P26): one read of the user's data by anyone but the user. */
export const accessLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    type: z.string(),
    id: z.string(),
    name: z.string(),
    /** A staff member whose account was erased since: `name` is their role only (issue #16). */
    accountClosed: z.boolean().optional(),
  }),
  purpose: z.string(),
  what: z.array(z.string()),
  legalBasis: z.string().nullable(),
});
export type AccessLogEntry = z.infer<typeof accessLogEntrySchema>;

/** A page, newest first; `next` continues before its last entry. */
export const accessLogPageSchema = z.object({
  entries: z.array(accessLogEntrySchema),
  next: z.string().nullable(),
});
export type AccessLogPage = z.infer<typeof accessLogPageSchema>;
