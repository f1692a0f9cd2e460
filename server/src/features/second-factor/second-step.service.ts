import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Conflict, Unauthorized } from '../../lib/errors';
import type { Db } from '../../db/client';
import type { SessionsRepo } from '../accounts';
import { type NewSession, renewSession } from '../accounts';
import type { PasskeysService } from './passkeys.service';
import type { SecondFactorRepo } from './second-factor.repo';
import { type SecondFactorProof, verifySecondFactor, WrongCode, wrongAnswer } from './verify-second-factor';

/** Wrong answers a pending sign-in may give before it is ended (the password must be given again). */
const MAX_SECOND_FACTOR_FAILURES = 5;
/** Error code of the answer that ended a pending sign-in; the route records it as a security event. */
export const LOCKED_OUT_CODE = 'second_factor_locked';

export interface PendingSignIn {
  userId: string;
  sessionId: string;
}

/**
 * The second step of signing in: a session at stage 'second_factor' proves a TOTP code, a recovery
 * code or a passkey and is replaced by a new session at stage 'full' (a new id: the pending one stops
 * working). Every wrong answer counts against the pending session.
 */
export function createSecondStepService(deps: {
  db: Db;
  repo: SecondFactorRepo;
  sessions: Pick<SessionsRepo, 'take' | 'insert' | 'delete'>;
  passkeys: Pick<PasskeysService, 'authenticate' | 'authenticationOptions'>;
  now: () => Date;
}) {
  const { db, repo, sessions, passkeys, now } = deps;

  /** Answers the new full session; the caller sets its cookie. */
  async function succeed({ userId, sessionId }: PendingSignIn): Promise<NewSession> {
    const renewed = await renewSession(db, sessions, { userId, id: sessionId, now: now() });
    await repo.clearFailures(userId, sessionId);
    // Ended meanwhile (signed out, locked out by a parallel wrong answer): nothing to promote.
    if (!renewed) throw new Unauthorized('Sign in with your password first.');
    return renewed;
  }

  async function fail({ userId, sessionId }: PendingSignIn, message: string): Promise<never> {
    const failures = await repo.addFailure(userId, sessionId, now());
    if (failures >= MAX_SECOND_FACTOR_FAILURES) {
      await sessions.delete(userId, sessionId);
      await repo.clearFailures(userId, sessionId);
      throw new Unauthorized('Too many wrong answers: sign in again.', LOCKED_OUT_CODE);
    }
    throw new WrongCode(message, { attemptsLeft: MAX_SECOND_FACTOR_FAILURES - failures });
  }

  /** One answer: a success promotes the session, a wrong one counts against it. */
  async function answer(pending: PendingSignIn, proof: SecondFactorProof): Promise<NewSession> {
    const check = await verifySecondFactor(deps, pending.userId, proof, 'sign_in');
    if (check.ok) return succeed(pending);
    if (check.reason === 'not_set_up')
      throw new Conflict('This account has no authenticator app.', 'totp_not_enabled');
    return fail(pending, wrongAnswer(proof.kind, check.reason));
  }

  return {
    totp: (pending: PendingSignIn, code: string) => answer(pending, { kind: 'totp', code }),

    /** Spends one recovery code; answers the new session and how many codes are left. */
    async recoveryCode(
      pending: PendingSignIn,
      code: string,
    ): Promise<{ session: NewSession; remaining: number }> {
      const session = await answer(pending, { kind: 'recovery_code', code });
      return { session, remaining: await repo.countRecoveryCodesLeft(pending.userId) };
    },

    passkeyOptions: (pending: PendingSignIn) => passkeys.authenticationOptions(pending.userId, 'sign_in'),

    passkey: (pending: PendingSignIn, response: AuthenticationResponseJSON) =>
      answer(pending, { kind: 'passkey', response }),
  };
}
export type SecondStepService = ReturnType<typeof createSecondStepService>;
