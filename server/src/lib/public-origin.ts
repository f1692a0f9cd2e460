import { publicConfigSchema } from '@vitalbase/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** The names of this machine: one server, several addresses a browser may use for it. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Routes under these are API calls: answered where they came, never redirected. */
const NOT_PAGES = /^\/(api|wbsapi|fhir|healthz|\.well-known)(\/|$|\?)/;

/**
 * Development (a loopback PUBLIC_URL such as the default http://localhost:8080) accepts the other
 * loopback names: a page opened on http://127.0.0.1:8080 or http://[::1]:8080 is redirected to the
 * same path on PUBLIC_URL, where the session cookie, passkeys (their RP ID is PUBLIC_URL's host) and
 * the OAuth consent (its interaction cookie is set by PUBLIC_URL's issuer) all work. Any other address
 * is not redirected (an operator's proxy may rely on it): the page's banner and the start log say it.
 */
function loopbackAlias(hostHeader: string | undefined, publicUrl: URL): boolean {
  if (!hostHeader || !LOOPBACK.has(publicUrl.hostname)) return false;
  let requested: URL;
  try {
    requested = new URL(`${publicUrl.protocol}//${hostHeader}`);
  } catch {
    return false;
  }
  return LOOPBACK.has(requested.hostname) && requested.hostname !== publicUrl.hostname;
}

/** GET /api/config, and the development redirect of pages opened on another loopback name. */
export async function registerPublicOrigin(app: FastifyInstance, publicUrlText: string) {
  const publicUrl = new URL(publicUrlText);
  app.addHook('onRequest', async (req, reply) => {
    // Decided on the matched route's pattern, not the raw URL (a path without a route is a page: the
    // web app's own routes are the client's).
    const route = req.routeOptions.url;
    if (req.method !== 'GET' || (route !== undefined && NOT_PAGES.test(route))) return;
    // Only a browser opening a page: a client library's call (OAuth metadata, userinfo, JWKS) would lose
    // its Authorization header on a redirect to another host.
    if (!req.headers.accept?.includes('text/html')) return;
    if (!loopbackAlias(req.headers.host, publicUrl)) return;
    return reply.redirect(`${publicUrl.origin}${req.url}`, 307);
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/config',
    {
      schema: {
        security: [],
        tags: ['accounts'],
        summary: "The server's public origin (PUBLIC_URL), for the web app's wrong-address banner",
        response: { 200: publicConfigSchema },
      },
    },
    async () => ({ publicOrigin: publicUrl.origin }),
  );
}

/**
 * The start line about the address to open, beside "open <PUBLIC_URL>": a warning when the server
 * listens on an address other than PUBLIC_URL's host and no redirect covers it (e.g. HOST=0.0.0.0 with
 * PUBLIC_URL on localhost: opened by its IP, signing in and partner consent would fail); a note when
 * the development redirect covers it; nothing when they agree.
 */
export function publicUrlNotice(
  host: string,
  publicUrlText: string,
): { level: 'info' | 'warn'; message: string } | undefined {
  const publicUrl = new URL(publicUrlText);
  const listen = host.includes(':') ? `[${host}]` : host;
  if (listen === publicUrl.hostname) return undefined;
  if (LOOPBACK.has(listen) && LOOPBACK.has(publicUrl.hostname)) {
    return {
      level: 'info',
      message: `pages opened on another name of this machine (127.0.0.1, localhost, [::1]) are redirected to ${publicUrl.origin} (PUBLIC_URL)`,
    };
  }
  return {
    level: 'warn',
    message:
      `PUBLIC_URL is ${publicUrl.origin} but the server listens on ${host}: open the app at ${publicUrl.origin} only. ` +
      "On another address signing in, passkeys and partner apps' consent fail (cookies and passkeys belong to one address); " +
      'set PUBLIC_URL to the address people use.',
  };
}
