import { adminMeSchema, myStaffRolesSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { createOperatorGate } from './operator-gate';
import { createStaffRolesRepo } from './staff-roles.repo';

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

  const staff = createStaffRolesRepo(ctx.database.db);
  r.get(
    '/api/me/staff-roles',
    {
      schema: {
        tags: ['account'],
        summary:
          "The signed-in user's own staff roles (none for almost everyone): the app shows its link to the console from them",
        response: { 200: myStaffRolesSchema },
      },
    },
    async (req) => {
      // A browser session only: the link is the web app's; a token has no use for it.
      const { userId } = requireSession(req);
      return { roles: await staff.rolesOf(userId) };
    },
  );
}
