import {
  adminPrivacyQueueSchema,
  adminUserLookupBody,
  adminUserSchema,
  privacyRequestAnswerInput,
  privacyRequestViewSchema,
  serviceHealthSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import {
  answerPrivacyRequestAsOperator,
  listPrivacyRequestsAsOperator,
  showPrivacyRequestAsOperator,
} from '../privacy-requests';
import { createAdminUsersService } from './admin-users.service';
import { createOperatorGate, operatorActor } from './operator-gate';
import { serviceHealth } from './service-health';

/**
 * The console's own areas (issue #16): account lookup, the privacy request queue, and the service's
 * health. Each calls the same service as the CLI; each checks its roles at the gate.
 */
export async function registerAdminConsoleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const adminUsers = createAdminUsersService(ctx);
  const tags = ['admin'];
  const id = z.object({ id: z.uuid() });

  r.post(
    '/api/admin/users/lookup',
    {
      schema: {
        tags,
        summary: "One account's metadata by exact email or id, with a purpose (in the user's access log)",
        body: adminUserLookupBody,
        response: { 200: adminUserSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'privacy_officer', 'security');
      return adminUsers.lookup(actor, req.body.query, req.body.purpose);
    },
  );

  r.get(
    '/api/admin/privacy-requests',
    {
      schema: {
        tags,
        summary: 'The privacy request queue, oldest due first, without content (privacy officer)',
        querystring: z.object({ overdue: z.enum(['true', 'false']).optional() }),
        response: { 200: adminPrivacyQueueSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'privacy_officer');
      const rows = await listPrivacyRequestsAsOperator(ctx.database, {
        overdue: req.query.overdue === 'true',
        now: ctx.now(),
      });
      return {
        requests: rows.map((q) => ({
          id: q.id,
          kind: q.kind,
          status: q.status,
          dueOn: q.dueOn,
          overdue: q.overdue,
          createdAt: q.createdAt.toISOString(),
        })),
      };
    },
  );

  r.get(
    '/api/admin/privacy-requests/:id',
    {
      schema: {
        tags,
        summary: "One request with its message and the user's name and address (in the user's access log)",
        params: id,
        response: {
          200: privacyRequestViewSchema.extend({
            user: z.object({ id: z.string(), email: z.string(), displayName: z.string() }),
          }),
        },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'privacy_officer');
      return showPrivacyRequestAsOperator(ctx.database, req.params.id, ctx.now(), operatorActor(actor));
    },
  );

  r.post(
    '/api/admin/privacy-requests/:id/answer',
    {
      schema: {
        tags,
        summary: 'Move a request on or close it with the answer the user reads (mailed; audited)',
        params: id,
        body: privacyRequestAnswerInput,
        response: { 200: privacyRequestViewSchema },
      },
    },
    async (req) => {
      const actor = await gate.require(req, 'privacy_officer');
      return answerPrivacyRequestAsOperator(
        { database: ctx.database, mailer: ctx.mailer, publicUrl: ctx.config.publicUrl },
        req.params.id,
        req.body,
        ctx.now(),
        operatorActor(actor),
      );
    },
  );

  r.get(
    '/api/admin/service',
    {
      schema: {
        tags,
        summary: 'Counts of accounts, devices and readings, and the job queues (operator admin, security)',
        response: { 200: serviceHealthSchema },
      },
    },
    async (req) => {
      await gate.require(req, 'security');
      return serviceHealth(ctx.database);
    },
  );
}
