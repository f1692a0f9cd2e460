import { maintenanceNoticesSchema, mySuspensionSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireSession } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { registerLifecycleAdminRoutes } from './lifecycle.admin.routes';
import { registerLifecycleHooks } from './lifecycle.hooks';
import { createMaintenanceService } from './maintenance.service';
import { createSuspensionService } from './suspension.service';

/** The account lifecycle (issue #16): the user's side, the console's side, and the two gates. */
export async function registerLifecycle(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const maintenance = createMaintenanceService(ctx);
  const suspensions = createSuspensionService(ctx);
  registerLifecycleHooks(app, ctx, maintenance);

  r.get(
    '/api/maintenance',
    {
      schema: {
        security: [],
        tags: ['lifecycle'],
        summary: 'Scheduled maintenance announced now (the app’s banner); `active`: writes answer 503 now',
        response: { 200: maintenanceNoticesSchema },
      },
    },
    async () => ({ windows: await maintenance.announced() }),
  );

  r.get(
    '/api/me/suspension',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Whether the account is suspended, why, until when it may answer, and where',
        response: { 200: mySuspensionSchema },
      },
    },
    async (req) => suspensions.mine(requireSession(req).userId),
  );

  await registerLifecycleAdminRoutes(app, ctx, { maintenance, suspensions });
}
