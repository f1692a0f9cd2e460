import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Security rules are decided on the router's matched route, never on the raw URL string: the router
 * percent-decodes paths, so `/%61pi/me` is the route `/api/me`, while `req.url` still reads
 * `/%61pi/me` (a prefix test on it let cookie writes skip CSRF [issue #11]). A route states what is
 * special about it in its `config`, next to its handler; the hooks read only that.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false`: never authenticated by the browser's session cookie (a device credential, the factory
     * key, a partner's token, oidc-provider's own cookies). The auth hook does not read the cookie
     * there, so a forged cross-site request opens nothing, and no CSRF token is asked.
     */
    sessionCookie?: false;
    /** The answer holds nothing personal and may be cached: it gets no `Cache-Control: no-store`. */
    publicCache?: true;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const readsSessionCookie = (req: FastifyRequest) => req.routeOptions.config?.sessionCookie !== false;

/**
 * Every write that a browser could be tricked into sending with its cookies: an unsafe method, no
 * Authorization header (another site cannot set one), on a route that reads the session cookie. A
 * request the router matched to no route changes nothing and answers 404 (not a CSRF refusal, which
 * would hide whether a spelling reaches a route).
 */
export const needsCsrfToken = (req: FastifyRequest) =>
  UNSAFE.has(req.method) && !req.headers.authorization && !req.is404 && readsSessionCookie(req);

/**
 * Declares every route registered from now on in this encapsulated scope (and its children) with
 * `config`, for scopes whose routes share a nature: a partner API, a machine API, static files.
 * A route's own config wins.
 */
export function declareRoutes(scope: FastifyInstance, config: FastifyContextConfig) {
  scope.addHook('onRoute', (route) => {
    route.config = { ...config, ...route.config };
  });
}

/**
 * `Cache-Control: no-store` on every answer (health and personal data must not stay in a browser's or
 * a proxy's cache) except the routes that declare `publicCache`. Set on the raw response at
 * `onRequest`, so it also holds for error answers and for routes that hijack the reply
 * (oidc-provider); a handler that sets its own Cache-Control replaces it.
 */
export function registerNoStore(app: FastifyInstance) {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.routeOptions.config?.publicCache) reply.raw.setHeader('cache-control', 'no-store');
  });
}

/**
 * A request as logged: the matched route's pattern (`/api/parental-consent/:token`), never the path
 * itself, whose ids, link tokens and query strings could open an account or name a person.
 */
export const requestForLog = (req: FastifyRequest) => ({
  method: req.method,
  route: req.routeOptions?.url ?? '(no route)',
  remoteAddress: req.ip,
});
