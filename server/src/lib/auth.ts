import type { FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from './errors';

/**
 * What features above accounts read with the session, in the session's own statement, for their
 * per-request gates (issue 17: one round trip where each gate cost one). Each feature adds its key by
 * declaration merging and plugs its SQL into accounts (`plugSessionFact`); a key is absent when nothing
 * is plugged for it, and always for a token's request: the gate then reads it itself.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging (policies)
export interface SessionFacts {}

/** Who is calling. Set on every request by the accounts feature's auth hook (or null). */
export type Auth =
  | {
      userId: string;
      via: 'session';
      sessionId: string;
      stage: 'full' | 'second_factor';
      /** When this session passed a second factor (sessions.second_factor_at); absent: never. */
      secondFactorAt?: Date;
      /** The account is suspended (P22): only the routes the lifecycle feature allows answer. */
      suspended?: true;
      facts?: Partial<SessionFacts>;
    }
  | { userId: string; via: 'token'; tokenId: string; scopes: readonly string[] };

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

/**
 * The signed-in user, fully authenticated (second factor done). With `scope`, a personal access token
 * must carry that scope; a browser session carries all of its user's rights.
 */
export function requireUser(req: FastifyRequest, scope?: string): Auth {
  const auth = req.auth;
  if (!auth) throw new Unauthorized();
  if (auth.via === 'session' && auth.stage !== 'full') {
    throw new Unauthorized('Finish signing in with your second factor.', 'second_factor_required');
  }
  if (auth.via === 'token' && scope && !auth.scopes.includes(scope)) {
    throw new Forbidden(`This token lacks the "${scope}" scope.`, 'insufficient_scope');
  }
  return auth;
}

/** For the account's own security settings: only a browser session, never a token. */
export function requireSession(req: FastifyRequest): Extract<Auth, { via: 'session' }> {
  const auth = requireUser(req);
  if (auth.via !== 'session')
    throw new Forbidden('Only a signed-in browser can do this.', 'session_required');
  return auth;
}
