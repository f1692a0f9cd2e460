import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Auth } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { needsCsrfToken, readsSessionCookie } from '../../lib/route-rules';
import { hashToken, splitUserToken } from '../../lib/tokens';
import { pluggedSessionFacts } from './account-plugs';
import { markAccountActive } from './last-active';
import { createSessionsRepo } from './sessions.repo';

export const SESSION_COOKIE = 'vb_session';
export const SESSION_IDLE_MS = 30 * 24 * 3600 * 1000;
/** Last-seen is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, value: string) {
  reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    path: '/',
    maxAge: SESSION_IDLE_MS / 1000,
  });
}

/** Resolves a bearer token to its user; the accounts feature plugs personal access tokens in here. */
export type BearerResolver = (token: string, req: FastifyRequest) => Promise<Auth | null>;

/**
 * Sets `req.auth` on every request from the session cookie or an `Authorization: Bearer` token, and
 * checks the CSRF token on every cookie-authenticated (or anonymous) write. Both are decided on the
 * matched route (lib/route-rules.ts), never on the raw URL: routes that declare
 * `config: { sessionCookie: false }` (machine and partner APIs) never see the cookie and need no token.
 * Requests that carry an Authorization header cannot be forged by another site, so they need none.
 */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext, bearerResolvers: BearerResolver[]) {
  const sessions = createSessionsRepo(ctx.database.db);
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (req) => {
    req.auth = null;
    const header = req.headers.authorization;
    if (header) {
      const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      for (const resolve of bearerResolvers) {
        const auth = token ? await resolve(token, req) : null;
        if (auth) {
          req.auth = auth;
          return;
        }
      }
      return;
    }
    const cookie = readsSessionCookie(req) ? req.cookies[SESSION_COOKIE] : undefined;
    const parts = cookie ? splitUserToken(cookie) : undefined;
    if (!parts) return;
    const now = ctx.now();
    const id = hashToken(parts.secret);
    // The facts features plug in (account-plugs.ts) only where their hooks will read them.
    const route = req.routeOptions.url;
    let withFacts = false;
    for (const fact of pluggedSessionFacts().values()) withFacts ||= fact.wanted(req.method, route);
    const session = await sessions.findActive(parts.userId, id, now, withFacts);
    if (!session) return;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await sessions.touch(parts.userId, id, now, new Date(now.getTime() + SESSION_IDLE_MS));
      // A session's activity is use of the account (P21): at most once a day, on this minute's touch.
      if (session.stage === 'full') await markAccountActive(ctx.database.db, parts.userId, now);
    }
    req.auth = {
      userId: parts.userId,
      via: 'session',
      sessionId: id,
      stage: session.stage,
      ...(session.secondFactorAt ? { secondFactorAt: session.secondFactorAt } : {}),
      // Read in the same statement as the session (sessions.repo.ts findActive): the lifecycle
      // feature's hook lets a suspended account reach only the routes it allows (docs/lifecycle.md).
      ...(session.accountState === 'suspended' ? { suspended: true as const } : {}),
      // What the later gates need (the policy gate's records), read in that statement too.
      facts: session.facts,
    };
  });

  app.addHook('onRequest', (req, reply, done) => {
    if (needsCsrfToken(req)) return app.csrfProtection(req, reply, done);
    done();
  });

  app.get('/api/csrf', { schema: { hide: true } }, async (_req, reply) => ({ token: reply.generateCsrf() }));
}
