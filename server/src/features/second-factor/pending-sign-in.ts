import type { FastifyRequest } from 'fastify';
import { Conflict, Forbidden, Unauthorized } from '../../lib/errors';
import type { PendingSignIn } from './second-step.service';

/**
 * The caller's session that accepted the password and still owes the second factor. (requireUser
 * refuses exactly these sessions, so the second-step routes use this instead.)
 */
export function requirePendingSignIn(req: FastifyRequest): PendingSignIn {
  const auth = req.auth;
  if (!auth) throw new Unauthorized('Sign in with your password first.');
  if (auth.via !== 'session')
    throw new Forbidden('Only a signing-in browser can do this.', 'session_required');
  if (auth.stage !== 'second_factor') throw new Conflict('You are already signed in.', 'already_signed_in');
  return { userId: auth.userId, sessionId: auth.sessionId };
}
