import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Conflict, Unauthorized } from '../../lib/errors';
import type { Db } from '../../db/client';
import type { SessionsRepo } from '../accounts';
import { type NewSession, renewSession } from '../accounts';
import type { PasskeysService } from './passkeys.service';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';
import type { SecondFactorRepo } from './second-factor.repo';
import { WrongCode } from './second-factor.service';
import { checkTotpCode } from './totp';

/** Wrong answers a pending sign-in may give before it is ended (the password must be given again). */
export const MAX_SECOND_FACTOR_FAILURES = 5;
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

  return {
    async totp(pending: PendingSignIn, code: string): Promise<NewSession> {
      const totp = await repo.findTotp(pending.userId);
      if (!totp?.confirmedAt)
        throw new Conflict('This account has no authenticator app.', 'totp_not_enabled');
      const check = checkTotpCode({ secret: totp.secret, code, now: now(), lastUsedStep: totp.lastUsedStep });
      if (check.ok && (await repo.useTotpStep(pending.userId, check.step))) return succeed(pending);
      return fail(
        pending,
        check.ok || check.reason === 'code_already_used'
          ? 'That code was already used: wait for the next one.'
          : 'That code is not valid.',
      );
    },

    /** Spends one recovery code; answers the new session and how many codes are left. */
    async recoveryCode(
      pending: PendingSignIn,
      code: string,
    ): Promise<{ session: NewSession; remaining: number }> {
      const canonical = normalizeRecoveryCode(code);
      const spent =
        canonical !== undefined &&
        (await repo.useRecoveryCode(pending.userId, hashRecoveryCode(pending.userId, canonical), now()));
      if (!spent) return fail(pending, 'That recovery code is not valid or was already used.');
      const session = await succeed(pending);
      return { session, remaining: await repo.countRecoveryCodesLeft(pending.userId) };
    },

    passkeyOptions: (pending: PendingSignIn) => passkeys.authenticationOptions(pending.userId),

    async passkey(pending: PendingSignIn, response: AuthenticationResponseJSON): Promise<NewSession> {
      const key = await passkeys.authenticate(pending.userId, response);
      if (!key) return fail(pending, 'The passkey could not be verified: ask for new options and try again.');
      return succeed(pending);
    },
  };
}
export type SecondStepService = ReturnType<typeof createSecondStepService>;
