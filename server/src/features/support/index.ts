// The support feature's public face (issue #16, P11): the only file another feature imports.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../lib/context';
import { registerSupportConsoleRoutes } from './support-console.routes';
import { registerSupportRoutes } from './support.routes';

export { forgetUserInSupport } from './erasure';

export async function registerSupport(app: FastifyInstance, ctx: AppContext) {
  await registerSupportRoutes(app, ctx);
  await registerSupportConsoleRoutes(app, ctx);
}
