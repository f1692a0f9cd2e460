import { secondFactorMethods } from '@vitalbase/core';
import type { RequestMeta } from '../../lib/request-meta';
import type { AppContext } from '../../lib/context';
import { Forbidden, NotFound, TooMany, Unauthorized } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';
import { accountPlug } from './account-plugs';
import { issueLinkToken, linkUrl, redeemLinkToken } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import { type LoginThrottle, secondsUntil } from './login-throttle';
import { mailTemplatesIn } from './mail-templates';
import { dummyPasswordHash, verifyPassword } from './password';
import { recordSecurityEvent } from './security-events';
import { createSessionsRepo } from './sessions.repo';
import { createSession } from './sessions.service';
import { createSignInHistoryRepo } from './sign-in-history.repo';
import { sendInBackground } from './signup.service';
import { createUsersRepo, normalizeEmail, type UserRow } from './users.repo';
import { browserInWords, describeUserAgent } from './user-agent';
import { mailTime } from '../../lib/local-time';

/** The methods a sign-in may be finished with: the list the API's answer declares (core). */
const SECOND_FACTOR_METHODS = secondFactorMethods;

export type SessionOpened =
  | { status: 'signed_in'; cookie: string }
  | {
      status: 'second_factor_required';
      cookie: string;
      methods: Array<(typeof SECOND_FACTOR_METHODS)[number]>;
    };
export type SignInResult =
  | SessionOpened
  /** A guarded account without a second factor: the right password got a sign-in link mailed. */
  | { status: 'email_link_sent'; cookie?: undefined };

const invalidCredentials = () =>
  new Unauthorized('The email or the password is not right.', 'invalid_credentials');
const mustWait = (until: Date, now: Date) => {
  const seconds = secondsUntil(until, now);
  return new TooMany(`Too many failed sign-ins. Try again in ${seconds} seconds.`, seconds);
};

export function createSignInService(ctx: AppContext, throttle: LoginThrottle) {
  const db = ctx.database.db;
  const tokens = createAccountTokensRepo(db);
  const users = createUsersRepo(db);
  const sessions = createSessionsRepo(db);
  const history = createSignInHistoryRepo(db);
  const secondFactorEnabled = (userId: string) => accountPlug('secondFactorEnabled')(db, userId);

  return {
    /**
     * Checks the password (the same work and the same answers whether or not the email has an
     * account), applies the growing delay (login-throttle.ts), and opens a session: a full one, or one
     * that only lets the second factor be given. A guarded account without a second factor gets a
     * sign-in link mailed instead.
     */
    async signIn(meta: RequestMeta, email: string, password: string): Promise<SignInResult> {
      const now = ctx.now();
      const attempt = { address: meta.ip ?? '', email: normalizeEmail(email) };
      const until = await throttle.waitUntil(attempt, now);
      if (until) throw mustWait(until, now);
      const found = await users.findByEmail(email);
      // An account waiting for erasure is invisible: it answers exactly like an unknown email.
      const user = found?.state === 'erasure_pending' ? undefined : found;
      // An unknown email is checked against a dummy hash: the same work, the same time, the same answer.
      if (!(await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password)) || !user) {
        const { pairFailures, guardStarted } = await throttle.failed(attempt, now);
        // In the background, so that a known email answers no slower than an unknown one.
        if (user) noteFailedSignIn(meta, user, pairFailures, guardStarted, now);
        throw invalidCredentials();
      }
      const guarded = await throttle.isGuarded(attempt.email, now);
      await throttle.passwordAccepted(attempt, { guarded });

      // The password was right: only now may the answer say more about the account.
      if (user.state === 'disabled') throw new Forbidden('This account is disabled.', 'account_disabled');
      if (!user.emailVerifiedAt) {
        throw new Forbidden(
          'Confirm your email address first: follow the link we sent.',
          'email_not_verified',
        );
      }

      const twoFactor = await secondFactorEnabled(user.id);
      if (guarded && !twoFactor) {
        const token = await issueLinkToken(tokens, { userId: user.id, purpose: 'sign_in', now });
        await recordSecurityEvent(ctx, meta, { userId: user.id, action: 'sign_in_link_sent' });
        sendInBackground(ctx, {
          userId: user.id,
          to: user.email,
          kind: 'sign-in-link',
          ...mailTemplatesIn(user.locale).signInLink(linkUrl(ctx.config.publicUrl, 'sign_in', token)),
        });
        return { status: 'email_link_sent' };
      }
      return openSession(meta, user, twoFactor, now);
    },

    /** The mailed link of a guarded account: it proves the mailbox, so it opens the session and ends the guard. */
    async redeemSignInLink(meta: RequestMeta, token: string): Promise<SessionOpened> {
      const now = ctx.now();
      const row = await redeemLinkToken(tokens, token, 'sign_in', now);
      const user = await users.findById(row.userId);
      if (!user || user.state === 'disabled' || user.state === 'erasure_pending') throw new NotFound('Link');
      await throttle.ownerConfirmed(user.email);
      return openSession(meta, user, await secondFactorEnabled(user.id), now);
    },
  };

  function noteFailedSignIn(
    meta: RequestMeta,
    user: UserRow,
    failures: number,
    guardStarted: boolean,
    now: Date,
  ) {
    (async () => {
      await recordSecurityEvent(ctx, meta, {
        userId: user.id,
        action: 'login_failed',
        details: { failures },
      });
      if (!guardStarted) return;
      await recordSecurityEvent(ctx, meta, {
        userId: user.id,
        action: 'login_guarded',
        actorType: 'system',
        actorId: 'login-throttle',
        alert: {
          to: user.email,
          locale: user.locale,
          ...mailTemplatesIn(user.locale).alertGuarded(mailTime(now, user.timeZone, user.locale)),
        },
      });
    })().catch((err: unknown) => ctx.log.error({ err: safeErrorForLog(err) }, 'failed sign-in not recorded'));
  }

  /** A full session, or one that only lets the second factor be given. */
  async function openSession(
    meta: RequestMeta,
    user: UserRow,
    twoFactor: boolean,
    now: Date,
  ): Promise<SessionOpened> {
    const userAgent = meta.userAgent ?? '';
    const [seenBefore, signedInBefore] = await Promise.all([
      history.hasSignedInWith(user.id, userAgent),
      history.hasSignedInBefore(user.id),
    ]);
    const newBrowser = signedInBefore && !seenBefore;
    await users.update(user.id, {
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: now,
      lastActiveAt: now,
    });
    const session = await createSession(sessions, {
      userId: user.id,
      stage: twoFactor ? 'second_factor' : 'full',
      userAgent,
      ip: meta.ip,
      newDevice: newBrowser,
      now,
    });
    const ua = describeUserAgent(userAgent);
    await recordSecurityEvent(ctx, meta, {
      userId: user.id,
      action: 'login_succeeded',
      details: { sessionId: session.id, secondFactorRequired: twoFactor, newBrowser },
      alert: newBrowser
        ? {
            to: user.email,
            locale: user.locale,
            ...mailTemplatesIn(user.locale).alertNewSignIn(
              mailTime(now, user.timeZone, user.locale),
              browserInWords(ua),
              meta.ip ?? '',
            ),
          }
        : undefined,
    });
    return twoFactor
      ? { status: 'second_factor_required', cookie: session.cookie, methods: [...SECOND_FACTOR_METHODS] }
      : { status: 'signed_in', cookie: session.cookie };
  }
}
