import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../lib/context';
import { createPersonalAccessTokenResolver } from '../tokens/token-resolver';
import { registerAuthHook } from './auth.hook';
import { registerAuthRoutes } from './auth.routes';
import { registerMeRoutes } from './me.routes';
import { registerParentalConsentRoutes } from './parental-consent.routes';

export { meSchema } from './me.routes';

export async function registerAccounts(app: FastifyInstance, ctx: AppContext) {
  registerAuthHook(app, ctx, [createPersonalAccessTokenResolver(ctx)]);
  await registerAuthRoutes(app, ctx);
  await registerMeRoutes(app, ctx);
  await registerParentalConsentRoutes(app, ctx);
}
