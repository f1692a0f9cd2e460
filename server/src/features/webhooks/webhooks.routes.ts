import {
  apiErrorSchema,
  deliveriesPageSchema,
  deliveriesQuerySchema,
  webhookSettingsInSchema,
  webhookSettingsOutSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createWebhookSettingsService } from './webhooks.service';

const tags = ['developer apps'];
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
/** Client ids are URL-safe tokens: anything else (control characters…) is a 400, never a query. */
const params = z.strictObject({
  clientId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._~-]+$/),
});

/** The app owner's webhook endpoint and delivery log: /api/developer/apps/:clientId/webhook|deliveries. */
export async function registerWebhooks(app: FastifyInstance, ctx: AppContext) {
  const service = createWebhookSettingsService(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/developer/apps/:clientId/webhook',
    {
      schema: {
        tags,
        summary: "The app's webhook endpoint and events (null when none is set)",
        params,
        response: { 200: z.object({ webhook: webhookSettingsOutSchema.nullable() }), ...errors },
      },
    },
    async (req) => ({ webhook: await service.get(requireSession(req).userId, req.params.clientId) }),
  );

  r.put(
    '/api/developer/apps/:clientId/webhook',
    {
      schema: {
        tags,
        summary: 'Set the webhook endpoint (https, public address); the signing secret is shown on first set',
        params,
        body: webhookSettingsInSchema,
        response: { 200: webhookSettingsOutSchema, ...errors },
      },
    },
    async (req) => service.set(requireSession(req).userId, req.params.clientId, req.body),
  );

  r.delete(
    '/api/developer/apps/:clientId/webhook',
    {
      schema: {
        tags,
        summary: 'Remove the webhook endpoint',
        params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await service.remove(requireSession(req).userId, req.params.clientId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/developer/apps/:clientId/webhook/secret',
    {
      schema: {
        tags,
        summary: 'Rotate the signing secret (shown once)',
        params,
        response: { 200: z.object({ secret: z.string() }), ...errors },
      },
    },
    async (req) => service.rotateSecret(requireSession(req).userId, req.params.clientId),
  );

  r.get(
    '/api/developer/apps/:clientId/deliveries',
    {
      schema: {
        tags,
        summary: "The app's delivery log (Withings-style callbacks and webhooks), newest first",
        params,
        querystring: deliveriesQuerySchema,
        response: { 200: deliveriesPageSchema, ...errors },
      },
    },
    async (req) => service.deliveries(requireSession(req).userId, req.params.clientId, req.query),
  );
}
