import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context';
import { Forbidden, Unavailable } from '../../lib/errors';
import type { MaintenanceService } from './maintenance.service';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a suspended account's session may still write (P22), by the matched route's pattern: signing
 * in and out (and the second factor), answering (its support requests), exporting its data, and
 * deleting its account (rights that no suspension takes away). Reads stay open (the right of access);
 * every other write answers 403 `account_suspended`. docs/lifecycle.md lists the same.
 */
const SUSPENDED_MAY_WRITE = [
  '/api/auth/',
  '/api/me/support/',
  '/api/privacy/exports',
  '/api/me/erasure',
  '/api/me/second-factor/passkey/options',
];

/**
 * Writes that still answer during maintenance: opening and closing a session (so people can read),
 * and the console's maintenance routes (an operator must be able to end a window early).
 */
const MAINTENANCE_MAY_WRITE = [
  '/api/auth/login',
  '/api/auth/logout',
  '/api/auth/second-factor/',
  '/api/admin/maintenance',
];

const matches = (req: FastifyRequest, prefixes: readonly string[]) => {
  const route = req.routeOptions.url ?? '';
  return prefixes.some(
    (p) => route === p || (p.endsWith('/') && route.startsWith(p)) || route.startsWith(`${p}/`),
  );
};

/**
 * Both gates decide on the router's matched route (lib/route-rules.ts), after the auth hook set
 * `req.auth`. A request that matched no route answers its 404 as usual.
 */
export function registerLifecycleHooks(
  app: FastifyInstance,
  ctx: AppContext,
  maintenance: MaintenanceService,
) {
  app.addHook('onRequest', async (req) => {
    if (req.is404 || !WRITES.has(req.method)) return;
    const auth = req.auth;
    if (auth?.via === 'session' && auth.suspended && !matches(req, SUSPENDED_MAY_WRITE)) {
      throw new Forbidden(
        'Your account is suspended: you can answer us with a support request and download your data.',
        'account_suspended',
      );
    }
    if (matches(req, MAINTENANCE_MAY_WRITE)) return;
    const running = await maintenance.running();
    if (running) {
      const seconds = Math.max(1, Math.ceil((running.endsAt.getTime() - ctx.now().getTime()) / 1000));
      throw new Unavailable(
        'Vitalbase is under scheduled maintenance: changes wait until it ends. Nothing is lost; try again then.',
        seconds,
      );
    }
  });
}
