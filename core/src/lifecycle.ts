import { z } from 'zod';
import { boundedInstantSchema } from './input-bounds';

/**
 * The account lifecycle's API contract (issue #16, docs/lifecycle.md): maintenance windows (P23),
 * suspensions (P22), legal disclosures (P10) and the processors register (P25, P29). Shared by the
 * server's routes, the console and the user's pages.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = boundedInstantSchema;

/** GET /api/maintenance: the windows announced now (notice period begun, not ended, not cancelled). */
export const maintenanceNoticeSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  messageEn: z.string(),
  messageFr: z.string(),
  /** Writes answer 503 now. */
  active: z.boolean(),
});
export const maintenanceNoticesSchema = z.object({ windows: z.array(maintenanceNoticeSchema) });
export type MaintenanceNotice = z.infer<typeof maintenanceNoticeSchema>;

export const maintenanceWindowInputSchema = z
  .strictObject({
    startsAt: instant,
    endsAt: instant,
    messageEn: text(500),
    messageFr: text(500),
    /** Days before the start the banner shows (default MAINTENANCE_NOTICE_DAYS). */
    noticeDays: z.number().int().min(0).max(60).optional(),
  })
  .refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), {
    message: 'The window must end after it starts.',
    path: ['endsAt'],
  });
export type MaintenanceWindowInput = z.infer<typeof maintenanceWindowInputSchema>;

export const maintenanceWindowSchema = maintenanceNoticeSchema.extend({
  noticeFrom: z.string(),
  createdAt: z.string(),
  mailedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export const maintenanceWindowListSchema = z.object({ windows: z.array(maintenanceWindowSchema) });
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

/** GET /api/me/suspension: what a suspended account is told, and how to answer. */
export const mySuspensionSchema = z.union([
  z.object({ suspended: z.literal(false) }),
  z.object({
    suspended: z.literal(true),
    reason: z.string(),
    suspendedAt: z.string(),
    rectifyBy: z.string(),
    /** Where the user answers: a support request (the app's support page). */
    answerUrl: z.string(),
  }),
]);
export type MySuspension = z.infer<typeof mySuspensionSchema>;

export const suspendInputSchema = z.strictObject({
  /** The account, by email or id. */
  user: text(320),
  reason: text(2000),
});
export const liftInputSchema = z.strictObject({ reason: text(2000) });
export const courtOrderInputSchema = z.strictObject({
  user: text(320),
  caseRef: text(200),
  authority: text(300),
  reason: text(2000),
});

export const suspensionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string().nullable(),
  reason: z.string(),
  state: z.enum(['active', 'lifted', 'closed']),
  suspendedAt: z.string(),
  rectifyBy: z.string(),
  liftedAt: z.string().nullable(),
  liftReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  legalCaseRef: z.string().nullable(),
});
export const suspensionListSchema = z.object({ suspensions: z.array(suspensionSchema) });
export type Suspension = z.infer<typeof suspensionSchema>;

/** A legal disclosure as the privacy officer records it (P10). */
export const disclosureInputSchema = z
  .strictObject({
    user: text(320),
    caseRef: text(200),
    authority: text(300),
    legalBasis: text(1000),
    scope: z.array(text(100)).min(1).max(30),
    requestedAt: instant,
    disclosedAt: instant.optional(),
    disclosed: z.string().trim().max(4000).default(''),
    noticeForbidden: z.enum(['no', 'until_date', 'indefinitely']).default('no'),
    noticeAllowedFrom: instant.optional(),
  })
  .refine((d) => d.noticeForbidden !== 'until_date' || d.noticeAllowedFrom !== undefined, {
    message: 'Give the date from which the user may be told.',
    path: ['noticeAllowedFrom'],
  });
export type DisclosureInput = z.input<typeof disclosureInputSchema>;

export const disclosureSchema = z.object({
  id: z.string(),
  userId: z.string(),
  caseRef: z.string(),
  authority: z.string(),
  legalBasis: z.string(),
  scope: z.array(z.string()),
  requestedAt: z.string(),
  disclosedAt: z.string().nullable(),
  disclosed: z.string(),
  noticeForbidden: z.enum(['no', 'until_date', 'indefinitely']),
  noticeAllowedFrom: z.string().nullable(),
  notifiedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const disclosureListSchema = z.object({ disclosures: z.array(disclosureSchema) });
export type Disclosure = z.infer<typeof disclosureSchema>;

/** The processors and transfers register (P25, P29), public in the privacy center. */
export const processorInputSchema = z.strictObject({
  name: text(200),
  purpose: text(500),
  country: text(100),
  safeguard: text(300),
});
export const processorSchema = processorInputSchema.extend({ id: z.string() });
export const processorListSchema = z.object({ processors: z.array(processorSchema) });
export type Processor = z.infer<typeof processorSchema>;
