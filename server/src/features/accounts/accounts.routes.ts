import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { registerAuthHook } from './auth.hook';
import { createUsersRepo } from './users.repo';

export const meSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  emailVerified: z.boolean(),
  displayName: z.string(),
  birthDate: z.string(),
  country: z.string(),
  locale: z.string(),
  timeZone: z.string(),
  state: z.string(),
});

export async function registerAccounts(app: FastifyInstance, ctx: AppContext) {
  registerAuthHook(app, ctx, []);
  const users = createUsersRepo(ctx.database.db);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/me',
    { schema: { tags: ['accounts'], summary: 'The signed-in user', response: { 200: meSchema } } },
    async (req) => {
      const { userId } = requireUser(req);
      const user = await users.findById(userId);
      if (!user) throw new NotFound('Account');
      return {
        id: user.id,
        email: user.email,
        emailVerified: Boolean(user.emailVerifiedAt),
        displayName: user.displayName,
        birthDate: user.birthDate,
        country: user.country,
        locale: user.locale,
        timeZone: user.timeZone,
        state: user.state,
      };
    },
  );
}
