import {
  supportGrantBody,
  supportGrantParams,
  supportMessageBody,
  supportOpenBody,
  supportRequestListSchema,
  supportRequestParams,
  supportRequestSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createSupportService } from './support.service';

/**
 * The user's support requests (issue #16, P11): a browser session only (no token opens a support
 * conversation or grants support access to one's data). Another user's request is 404.
 */
export async function registerSupportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const support = createSupportService(ctx);
  const tags = ['support'];
  const base = '/api/me/support/requests';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: "The user's support requests, newest first",
        response: { 200: supportRequestListSchema },
      },
    },
    async (req) => support.list(requireSession(req).userId),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Open a support request (topic, first message, optionally one of the user’s devices)',
        body: supportOpenBody,
        response: { 201: supportRequestSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await support.open(requireSession(req).userId, req.body)),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One support request: its thread and support’s asks and the user’s grants',
        params: supportRequestParams,
        response: { 200: supportRequestSchema },
      },
    },
    async (req) => support.get(requireSession(req).userId, req.params.id),
  );
  r.post(
    `${base}/:id/messages`,
    {
      schema: {
        tags,
        summary: 'Reply in an open request',
        params: supportRequestParams,
        body: supportMessageBody,
        response: { 200: supportRequestSchema },
      },
    },
    async (req) => support.reply(requireSession(req).userId, req.params.id, req.body.message),
  );
  r.post(
    `${base}/:id/close`,
    {
      schema: {
        tags,
        summary: 'Close the request: every grant of it ends at once',
        params: supportRequestParams,
        response: { 200: supportRequestSchema },
      },
    },
    async (req) => support.close(requireSession(req).userId, req.params.id),
  );
  r.post(
    `${base}/:id/grants/:grantId/grant`,
    {
      schema: {
        tags,
        summary: 'Grant support’s ask for chosen categories and devices, 1–7 days, while the request is open',
        params: supportGrantParams,
        body: supportGrantBody,
        response: { 200: supportRequestSchema },
      },
    },
    async (req) => support.grant(requireSession(req).userId, req.params.id, req.params.grantId, req.body),
  );
  r.post(
    `${base}/:id/grants/:grantId/decline`,
    {
      schema: {
        tags,
        summary: 'Decline support’s ask',
        params: supportGrantParams,
        response: { 200: supportRequestSchema },
      },
    },
    async (req) => support.decline(requireSession(req).userId, req.params.id, req.params.grantId),
  );
  r.post(
    `${base}/:id/grants/:grantId/revoke`,
    {
      schema: {
        tags,
        summary: 'Withdraw a grant: support’s next read is refused',
        params: supportGrantParams,
        response: { 200: supportRequestSchema },
      },
    },
    async (req) => support.revoke(requireSession(req).userId, req.params.id, req.params.grantId),
  );
}
