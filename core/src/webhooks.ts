import { z } from 'zod';

/**
 * Partner webhooks (issue #6): the events an app's endpoint can receive, and the shapes of the owner's
 * webhook settings and delivery log, shared by the server, the web developer page and the CLI.
 */
export const webhookEvents = ['measurements.changed', 'connection.revoked', 'user.erased'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
export const webhookEventSchema = z.enum(webhookEvents);

/** Set by the app's owner: where to send, and which events (all by default). */
export const webhookSettingsInSchema = z
  .object({
    url: z.string().trim().min(1).max(255).describe('https URL of the endpoint (public address)'),
    events: z.array(webhookEventSchema).min(1).max(webhookEvents.length).optional(),
  })
  .strict();
export type WebhookSettingsIn = z.infer<typeof webhookSettingsInSchema>;

export const webhookSettingsOutSchema = z.object({
  url: z.string(),
  events: z.array(webhookEventSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Shown once: when the endpoint is first set and when the secret is rotated. */
  secret: z.string().optional(),
});
export type WebhookSettingsOut = z.infer<typeof webhookSettingsOutSchema>;

export const deliveryStatuses = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

/** One entry of an app's delivery log: identifiers, category, time range and outcome, no health value. */
export const deliveryOutSchema = z.object({
  id: z.string(),
  channel: z.enum(['notify', 'webhook']),
  event: z.string(),
  appli: z.number().int().nullable(),
  userId: z.string(),
  url: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  attemptLog: z.array(deliveryAttemptSchema),
});
export type DeliveryOut = z.infer<typeof deliveryOutSchema>;

export const deliveriesPageSchema = z.object({
  items: z.array(deliveryOutSchema),
  nextCursor: z.string().nullable(),
});
export type DeliveriesPage = z.infer<typeof deliveriesPageSchema>;

export const deliveriesQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
