import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/context';
import { Forbidden, TooMany, Unauthorized } from '../../lib/errors';
import { createSecondFactorRepo } from '../second-factor/second-factor.repo';
import {
  LOGIN_LOCK_AFTER,
  LOGIN_LOCK_MS,
  lockAfterFailure,
  secondsUntil,
  type UnknownEmailThrottle,
} from './login-throttle';
import { mailTemplates } from './mail-templates';
import { dummyPasswordHash, verifyPassword } from './password';
import { recordSecurityEvent } from './security-events';
import { createSessionsRepo } from './sessions.repo';
import { createSession } from './sessions.service';
import { createSignInHistoryRepo } from './sign-in-history.repo';
import { createUsersRepo } from './users.repo';
import { describeUserAgent } from './user-agent';

export const SECOND_FACTOR_METHODS = ['totp', 'recovery_code', 'passkey'] as const;

export type SignInResult =
  | { status: 'signed_in'; cookie: string }
  | {
      status: 'second_factor_required';
      cookie: string;
      methods: Array<(typeof SECOND_FACTOR_METHODS)[number]>;
    };

const invalidCredentials = () =>
  new Unauthorized('The email or the password is not right.', 'invalid_credentials');
const mustWait = (until: Date, now: Date) => {
  const seconds = secondsUntil(until, now);
  return new TooMany(`Too many failed sign-ins. Try again in ${seconds} seconds.`, seconds);
};

export function createSignInService(ctx: AppContext, unknownEmails: UnknownEmailThrottle) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const sessions = createSessionsRepo(db);
  const history = createSignInHistoryRepo(db);
  const secondFactor = createSecondFactorRepo(db);

  return {
    /**
     * Checks the password (the same work and the same answers whether or not the email has an
     * account), applies the growing delay and the lock, and opens a session: a full one, or one that
     * only lets the second factor be given.
     */
    async signIn(req: FastifyRequest, email: string, password: string): Promise<SignInResult> {
      const now = ctx.now();
      const found = await users.findByEmail(email);
      // An account waiting for erasure is invisible: it answers exactly like an unknown email.
      const user = found?.state === 'erasure_pending' ? undefined : found;
      if (!user) {
        const until = unknownEmails.lockedUntil(email, now);
        if (until) throw mustWait(until, now);
        await verifyPassword(await dummyPasswordHash(), password);
        unknownEmails.fail(email, now);
        throw invalidCredentials();
      }
      if (user.lockedUntil && user.lockedUntil > now) throw mustWait(user.lockedUntil, now);

      if (!(await verifyPassword(user.passwordHash, password))) {
        const failures = await users.addFailedLogin(user.id);
        const until = lockAfterFailure(failures, now);
        if (until) await users.update(user.id, { lockedUntil: until });
        await recordSecurityEvent(ctx, req, {
          userId: user.id,
          action: 'login_failed',
          details: { failures },
        });
        if (failures === LOGIN_LOCK_AFTER) {
          await recordSecurityEvent(ctx, req, {
            userId: user.id,
            action: 'login_locked',
            actorType: 'system',
            actorId: 'login-throttle',
            details: { until: until?.toISOString() },
            alert: {
              to: user.email,
              ...mailTemplates.alertLocked(now.toISOString(), LOGIN_LOCK_MS / 60_000),
            },
          });
        }
        throw invalidCredentials();
      }

      // The password was right: only now may the answer say more about the account.
      if (user.state === 'disabled') throw new Forbidden('This account is disabled.', 'account_disabled');
      if (!user.emailVerifiedAt) {
        throw new Forbidden(
          'Confirm your email address first: follow the link we sent.',
          'email_not_verified',
        );
      }

      const userAgent = req.headers['user-agent']?.slice(0, 500) ?? '';
      const [twoFactor, seenBefore, signedInBefore] = await Promise.all([
        secondFactor.isEnabled(user.id),
        history.hasSignedInWith(user.id, userAgent),
        history.hasSignedInBefore(user.id),
      ]);
      const newBrowser = signedInBefore && !seenBefore;
      await users.update(user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
      const session = await createSession(sessions, {
        userId: user.id,
        stage: twoFactor ? 'second_factor' : 'full',
        userAgent,
        ip: req.ip,
        newDevice: newBrowser,
        now,
      });
      const ua = describeUserAgent(userAgent);
      await recordSecurityEvent(ctx, req, {
        userId: user.id,
        action: 'login_succeeded',
        details: { sessionId: session.id, secondFactorRequired: twoFactor, newBrowser },
        alert: newBrowser
          ? {
              to: user.email,
              ...mailTemplates.alertNewSignIn(now.toISOString(), `${ua.browser} on ${ua.os}`, req.ip),
            }
          : undefined,
      });
      return twoFactor
        ? { status: 'second_factor_required', cookie: session.cookie, methods: [...SECOND_FACTOR_METHODS] }
        : { status: 'signed_in', cookie: session.cookie };
    },
  };
}
export type SignInService = ReturnType<typeof createSignInService>;
