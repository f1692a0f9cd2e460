import { adminMeSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context';
import { createOperatorGate } from './operator-gate';

/** The console's "who am I": the staff member and their roles, from which the web builds its nav. */
export async function registerAdminMeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const gate = createOperatorGate(ctx);
  r.get(
    '/api/admin/me',
    {
      schema: {
        tags: ['admin'],
        summary: 'The signed-in staff member and their staff roles (any role, second factor on)',
        response: { 200: adminMeSchema },
      },
    },
    async (req) => gate.require(req),
  );
}
