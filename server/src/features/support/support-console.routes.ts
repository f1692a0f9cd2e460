import {
  readingsPageSchema,
  readingsQuerySchema,
  supportAdminParams,
  supportAskBody,
  supportCaseSchema,
  supportDiagnosticsParams,
  supportDiagnosticsSchema,
  supportMessageBody,
  supportQueueSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { createOperatorGate } from '../operator';
import { createSupportConsoleService } from './support-console.service';

/**
 * The console's support pages (issue #16, P11): staff with the `support` role (operator_admin opens
 * every area), a second factor on, through the operator gate. The request is named by its user and id.
 */
export async function registerSupportConsoleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const support = createSupportConsoleService(ctx);
  const agent = (req: Parameters<typeof gate.require>[0]) => gate.require(req, 'support');
  const tags = ['admin'];
  const base = '/api/admin/support/requests';
  const done = { 204: z.null() };

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Support queue: open requests, oldest first (no personal data)',
        response: { 200: supportQueueSchema },
      },
    },
    async (req) => {
      await agent(req);
      return support.queue();
    },
  );
  r.get(
    `${base}/:userId/:id`,
    {
      schema: {
        tags,
        summary: 'An open request with the account metadata it needs (recorded in the user’s access log)',
        params: supportAdminParams,
        response: { 200: supportCaseSchema },
      },
    },
    async (req) => support.view(await agent(req), req.params.userId, req.params.id),
  );
  r.post(
    `${base}/:userId/:id/messages`,
    {
      schema: {
        tags,
        summary: 'Reply to the user (in the app and by mail)',
        params: supportAdminParams,
        body: supportMessageBody,
        response: done,
      },
    },
    async (req, reply) => {
      await support.reply(await agent(req), req.params.userId, req.params.id, req.body.message);
      return reply.code(204).send(null);
    },
  );
  r.post(
    `${base}/:userId/:id/asks`,
    {
      schema: {
        tags,
        summary: 'Ask the user for access to health data categories or device diagnostics, with a reason',
        params: supportAdminParams,
        body: supportAskBody,
        response: done,
      },
    },
    async (req, reply) => {
      await support.ask(await agent(req), req.params.userId, req.params.id, req.body);
      return reply.code(204).send(null);
    },
  );
  r.post(
    `${base}/:userId/:id/close`,
    {
      schema: {
        tags,
        summary: 'Close the request: every grant of it ends',
        params: supportAdminParams,
        response: done,
      },
    },
    async (req, reply) => {
      await support.close(await agent(req), req.params.userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.get(
    `${base}/:userId/:id/readings`,
    {
      schema: {
        tags,
        summary: 'The user’s readings of one metric, while a grant of this request covers its category',
        params: supportAdminParams,
        querystring: readingsQuerySchema.strict(),
        response: { 200: readingsPageSchema },
      },
    },
    async (req) => support.readings(await agent(req), req.params.userId, req.params.id, req.query),
  );
  r.get(
    `${base}/:userId/:id/devices/:deviceId/diagnostics`,
    {
      schema: {
        tags,
        summary: 'A device’s diagnostics, while a grant of this request covers that device',
        params: supportDiagnosticsParams,
        response: { 200: supportDiagnosticsSchema },
      },
    },
    async (req) =>
      support.diagnostics(await agent(req), req.params.userId, req.params.id, req.params.deviceId),
  );
}
