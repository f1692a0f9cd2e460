import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type Provider from 'oidc-provider';
import { apiErrorSchema, parsePartnerScopeParam } from '@vitalbase/core';
import { declareRoutes } from '../../lib/route-rules';
import { oauthRoutes } from './oidc-provider';
import { z } from 'zod';

/** Public documents (keys, discovery): the same for everyone, so they may be cached. */
const PUBLIC = true;

/** oidc-provider's endpoints handed to it as-is (its own paths; the consent page is the web app's). */
const mounted: Array<[string, HTTPMethods[], string, typeof PUBLIC?]> = [
  [
    oauthRoutes.authorization,
    ['GET', 'POST'],
    'Authorization endpoint: code flow with PKCE S256 (RFC 6749, 7636)',
  ],
  [`${oauthRoutes.authorization}/:uid`, ['GET', 'POST'], 'Resumes an authorization after the consent page'],
  [oauthRoutes.token, ['POST', 'OPTIONS'], 'Token endpoint: authorization_code and refresh_token grants'],
  [oauthRoutes.revocation, ['POST', 'OPTIONS'], 'Token revocation (RFC 7009)'],
  [
    oauthRoutes.introspection,
    ['POST', 'OPTIONS'],
    'Token introspection (RFC 7662), for resource servers: confidential clients only',
  ],
  [oauthRoutes.jwks, ['GET', 'OPTIONS'], 'The public signing keys (JWKS)', PUBLIC],
  [oauthRoutes.userinfo, ['GET', 'POST', 'OPTIONS'], 'OpenID Connect userinfo (the user id)'],
  [oauthRoutes.end_session, ['GET', 'POST'], 'OpenID Connect end session'],
  [`${oauthRoutes.end_session}/confirm`, ['POST'], 'OpenID Connect end session: confirmation'],
  [`${oauthRoutes.end_session}/success`, ['GET'], 'OpenID Connect end session: done'],
  ['/.well-known/openid-configuration', ['GET', 'OPTIONS'], 'OpenID Connect discovery document', PUBLIC],
  // RFC 8414 metadata: the same document as OpenID discovery (the issuer has no path).
  [
    '/.well-known/oauth-authorization-server',
    ['GET', 'OPTIONS'],
    'OAuth 2.0 authorization server metadata (RFC 8414)',
    PUBLIC,
  ],
];

/**
 * oidc-provider's error answer (RFC 6749 §5.2); what the app refuses before handing the request over
 * (ill-formed text, rate limit) is in the app's error format.
 */
const oauthError = z
  .union([z.object({ error: z.string(), error_description: z.string().optional() }), apiErrorSchema])
  .describe('An OAuth 2.0 error (RFC 6749 §5.2: invalid_request, invalid_grant…), or the app’s error.');

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
    // Clients' credentials and oidc-provider's own cookies, never the Vitalbase session cookie (the
    // consent page under /api decides who approves): no session is read and no CSRF token is asked.
    declareRoutes(scope, { sessionCookie: false });
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

    // In the OpenAPI document with a summary; their parameters are the RFCs' (docs/api-partners.md),
    // parsed and checked by oidc-provider itself.
    for (const [url, methods, summary, publicCache] of mounted) {
      const config = publicCache ? { publicCache } : {};
      // The client authenticates in the request itself (PKCE, client secret); userinfo takes the token.
      const security = url === oauthRoutes.userinfo ? [{ bearer: [] }] : [];
      const schema = { tags: ['oauth'], summary, security, response: { '4XX': oauthError } };
      // One route per method: each its own operation (and operationId) in the document.
      for (const method of methods) scope.route({ method, url, schema, config, handler: handle });
    }
  });
}
