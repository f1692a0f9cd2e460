import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type Provider from 'oidc-provider';
import { parsePartnerScopeParam } from '@vitalbase/core';
import { oauthRoutes } from './oidc-provider';

/** oidc-provider's endpoints handed to it as-is (its own paths; the consent page is the web app's). */
const mounted: Array<[string, HTTPMethods[]]> = [
  [oauthRoutes.authorization, ['GET', 'POST']],
  [`${oauthRoutes.authorization}/:uid`, ['GET', 'POST']],
  [oauthRoutes.token, ['POST', 'OPTIONS']],
  [oauthRoutes.revocation, ['POST', 'OPTIONS']],
  [oauthRoutes.jwks, ['GET', 'OPTIONS']],
  [oauthRoutes.userinfo, ['GET', 'POST', 'OPTIONS']],
  [oauthRoutes.end_session, ['GET', 'POST']],
  [`${oauthRoutes.end_session}/confirm`, ['POST']],
  [`${oauthRoutes.end_session}/success`, ['GET']],
  ['/.well-known/openid-configuration', ['GET', 'OPTIONS']],
  // RFC 8414 metadata: the same document as OpenID discovery (the issuer has no path).
  ['/.well-known/oauth-authorization-server', ['GET', 'OPTIONS']],
];

/** oidc-provider's own cookies that would carry a login from one authorization to the next. */
const SESSION_COOKIE = /^_session(\.legacy)?(\.sig)?$/;

/**
 * What the authorization endpoint gets: every authorization starts without oidc-provider's session
 * (the Vitalbase session decides who approves, on the consent page), and Withings clients' comma-
 * separated scopes are turned into OAuth's space-separated list.
 */
function prepareAuthorizationRequest(req: FastifyRequest) {
  const raw = req.raw;
  const cookie = raw.headers.cookie;
  if (cookie) {
    raw.headers.cookie = cookie
      .split(';')
      .filter((pair) => !SESSION_COOKIE.test(pair.split('=')[0]?.trim() ?? ''))
      .join(';');
  }
  const url = new URL(raw.url ?? '/', 'http://local');
  const scope = url.searchParams.get('scope');
  if (scope?.includes(',')) {
    url.searchParams.set('scope', parsePartnerScopeParam(scope).join(' '));
    raw.url = `${url.pathname}${url.search}`;
  }
}

/**
 * Mounts oidc-provider (a Koa app) in Fastify: the routes hand the raw request and response to it
 * (`reply.hijack()`), and no body parser runs before it — it reads and checks bodies itself.
 */
export async function mountOidcProvider(
  app: FastifyInstance,
  provider: Provider,
  { publicUrl, trustProxy }: { publicUrl: string; trustProxy: boolean },
) {
  const callback = provider.callback();
  const origin = new URL(publicUrl);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

    const handle = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      // oidc-provider builds its endpoints' URLs from the request: make them the issuer's (PUBLIC_URL),
      // whatever Host the request came with (provider.proxy is on for exactly this).
      req.raw.headers['x-forwarded-host'] = origin.host;
      req.raw.headers['x-forwarded-proto'] = origin.protocol.replace(/:$/, '');
      if (!trustProxy) delete req.raw.headers['x-forwarded-for'];
      const path = req.routeOptions.url ?? '';
      if (path.startsWith(oauthRoutes.authorization)) prepareAuthorizationRequest(req);
      if (path === '/.well-known/oauth-authorization-server') {
        req.raw.url = '/.well-known/openid-configuration';
      }
      try {
        await callback(req.raw, reply.raw);
      } catch (err) {
        req.log.error({ err: err instanceof Error ? err.message : String(err) }, 'oauth server failed');
        if (!reply.raw.headersSent) {
          reply.raw.statusCode = 500;
          reply.raw.setHeader('content-type', 'application/json');
          reply.raw.end(JSON.stringify({ error: 'server_error' }));
        }
      }
    };

    for (const [url, method] of mounted) {
      scope.route({ method, url, schema: { hide: true }, handler: handle });
    }
  });
}
