import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../lib/context';
import { registerAccounts } from './accounts/accounts.routes';

/** Every feature module, in the order their routes and hooks are registered. */
export async function registerFeatures(app: FastifyInstance, ctx: AppContext) {
  await registerAccounts(app, ctx);
}
