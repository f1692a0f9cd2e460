import { z } from 'zod';
import { clinicDataCategoryIds } from './clinics';

/**
 * Support with the user's consent (issue #16, P11 in docs/product): the contract shared by the server's
 * support routes, the app's Support page and the operator console. Support sees the account metadata
 * of an open request; health data and device diagnostics only through a grant of the user's.
 */
export const supportTopics = ['device', 'sync', 'account', 'data', 'app', 'other'] as const;
export const supportTopicSchema = z.enum(supportTopics);
export type SupportTopic = z.infer<typeof supportTopicSchema>;

/**
 * What a grant can open: the health-data categories a clinic share uses (the same sets of metrics,
 * core/src/clinics.ts), and `diagnostics` — the logs and battery reports of the devices the user picks.
 */
export const supportDataCategories = [...clinicDataCategoryIds, 'diagnostics'] as const;
export const supportDataCategorySchema = z.enum(supportDataCategories);
export type SupportDataCategory = z.infer<typeof supportDataCategorySchema>;

/** A grant lasts until the request closes, and never more than this many days (P11). */
export const SUPPORT_GRANT_MAX_DAYS = 7;

const messageText = z.string().trim().min(1).max(5000);
const categoryList = z
  .array(supportDataCategorySchema)
  .min(1)
  .max(supportDataCategories.length)
  .refine((list) => new Set(list).size === list.length, { message: 'Each category once.' });

export const supportOpenBody = z.strictObject({
  topic: supportTopicSchema,
  message: messageText,
  /** One of the user's own devices the request is about. */
  deviceId: z.uuid().optional(),
});
export const supportMessageBody = z.strictObject({ message: messageText });
export const supportAskBody = z.strictObject({
  categories: categoryList,
  reason: z.string().trim().min(3).max(500),
});
export const supportGrantBody = z.strictObject({
  /** What the user opens: some or all of what was asked. */
  categories: categoryList,
  /** The devices whose diagnostics open (required with `diagnostics`, empty otherwise). */
  deviceIds: z.array(z.uuid()).max(20).default([]),
  days: z.number().int().min(1).max(SUPPORT_GRANT_MAX_DAYS).default(SUPPORT_GRANT_MAX_DAYS),
});
export type SupportOpenBody = z.infer<typeof supportOpenBody>;
export type SupportAskBody = z.infer<typeof supportAskBody>;
export type SupportGrantBody = z.input<typeof supportGrantBody>;

export const supportRequestParams = z.strictObject({ id: z.uuid() });
export const supportGrantParams = z.strictObject({ id: z.uuid(), grantId: z.uuid() });

/**
 * Where a grant stands at this moment: `asked` (no answer yet), `declined`, `active`, `revoked`,
 * `expired` (its days ran out) or `ended` (the request closed). Only `active` opens data.
 */
export const supportGrantStatuses = ['asked', 'declined', 'active', 'revoked', 'expired', 'ended'] as const;
export type SupportGrantStatus = (typeof supportGrantStatuses)[number];

export const supportGrantSchema = z.object({
  id: z.string(),
  status: z.enum(supportGrantStatuses),
  askedCategories: z.array(z.string()),
  askedReason: z.string(),
  askedAt: z.string(),
  categories: z.array(z.string()),
  deviceIds: z.array(z.string()),
  grantedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
});
export type SupportGrant = z.infer<typeof supportGrantSchema>;

export const supportMessageSchema = z.object({
  id: z.string(),
  author: z.enum(['user', 'support']),
  body: z.string(),
  createdAt: z.string(),
});
export type SupportMessage = z.infer<typeof supportMessageSchema>;

export const supportRequestSummarySchema = z.object({
  id: z.string(),
  topic: supportTopicSchema,
  deviceId: z.string().nullable(),
  state: z.enum(['open', 'closed']),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.enum(['user', 'support', 'system']).nullable(),
});
export type SupportRequestSummary = z.infer<typeof supportRequestSummarySchema>;

export const supportRequestSchema = supportRequestSummarySchema.extend({
  messages: z.array(supportMessageSchema),
  grants: z.array(supportGrantSchema),
});
export type SupportRequest = z.infer<typeof supportRequestSchema>;
export const supportRequestListSchema = z.object({ requests: z.array(supportRequestSummarySchema) });

/** The console's queue: open requests, oldest first, without personal data (no name, no email). */
export const supportQueueSchema = z.object({
  requests: z.array(
    supportRequestSummarySchema.extend({
      userId: z.string(),
      lastAuthor: z.enum(['user', 'support']).nullable(),
    }),
  ),
});
export type SupportQueue = z.infer<typeof supportQueueSchema>;

export const supportAdminParams = z.strictObject({ userId: z.uuid(), id: z.uuid() });
export const supportDiagnosticsParams = supportAdminParams.extend({ deviceId: z.uuid() });

/** The account metadata support sees for an open request: no health data. */
export const supportAccountSchema = z.object({
  email: z.string(),
  displayName: z.string(),
  locale: z.string(),
  timeZone: z.string(),
  devices: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      modelId: z.string(),
      firmware: z.string(),
      lastSyncAt: z.string().nullable(),
      unpaired: z.boolean(),
    }),
  ),
});
export const supportCaseSchema = z.object({
  userId: z.string(),
  request: supportRequestSchema,
  account: supportAccountSchema,
});
export type SupportCase = z.infer<typeof supportCaseSchema>;

export const supportDiagnosticsSchema = z.object({
  items: z.array(
    z.object({
      type: z.string(),
      at: z.string(),
      level: z.string().nullable(),
      message: z.string().nullable(),
      batteryPercent: z.number().nullable(),
    }),
  ),
});
