import {
  operatorStaffGrantBody,
  operatorStaffGrantResultSchema,
  operatorStaffListSchema,
  staffRoleSchema,
} from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { requestMeta } from '../../lib/request-meta';
import { createOperatorGate } from './operator-gate';
import { createStaffService } from './staff.service';

/** Staff roles in the console: an operator admin lists, grants and revokes (each change audited). */
export async function registerStaffRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  const staff = createStaffService(ctx);
  const tags = ['admin'];

  r.get(
    '/api/admin/staff',
    {
      schema: {
        tags,
        summary: 'Every staff member and their roles (operator admin)',
        response: { 200: operatorStaffListSchema },
      },
    },
    async (req) => ({ staff: await staff.list(await gate.require(req, 'operator_admin')) }),
  );

  r.post(
    '/api/admin/staff/grants',
    {
      schema: {
        tags,
        summary: 'Grant a staff role to the account of an email (operator admin; audited)',
        body: operatorStaffGrantBody,
        response: { 200: operatorStaffGrantResultSchema },
      },
    },
    async (req) => {
      const by = await gate.require(req, 'operator_admin');
      return staff.grant(req.body.email, req.body.role, by, requestMeta(req));
    },
  );

  r.delete(
    '/api/admin/staff/:userId/roles/:role',
    {
      schema: {
        tags,
        summary: 'Revoke a staff role (operator admin; audited; the last operator admin stays)',
        params: z.object({ userId: z.uuid(), role: staffRoleSchema }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const by = await gate.require(req, 'operator_admin');
      await staff.revoke(req.params.userId, req.params.role, by, requestMeta(req));
      return reply.code(204).send(null);
    },
  );
}
