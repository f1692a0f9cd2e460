import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../lib/context';
import { type BearerResolver, registerAuthHook } from './auth.hook';
import { registerAuthRoutes } from './auth.routes';
import { registerMeRoutes } from './me.routes';
import { registerParentalConsentRoutes } from './parental-consent.routes';
import { registerPreferencesRoutes } from './preferences.routes';

/** `bearerResolvers`: how the features built on accounts turn a bearer token into a user (tokens). */
export async function registerAccounts(
  app: FastifyInstance,
  ctx: AppContext,
  bearerResolvers: BearerResolver[],
) {
  registerAuthHook(app, ctx, bearerResolvers);
  await registerAuthRoutes(app, ctx);
  await registerMeRoutes(app, ctx);
  await registerParentalConsentRoutes(app, ctx);
  await registerPreferencesRoutes(app, ctx);
}
