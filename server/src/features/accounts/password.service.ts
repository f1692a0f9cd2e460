import type { RequestMeta } from '../../lib/request-meta';
import type { AppContext } from '../../lib/context';
import { NotFound, Unauthorized } from '../../lib/errors';
import { queueAccountMail } from './account-mail';
import { redeemLinkToken } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import type { LoginThrottle } from './login-throttle';
import { mailTemplatesIn } from './mail-templates';
import { hashPassword, verifyPassword } from './password';
import { assertStrongPassword } from './password-rules';
import { recordSecurityEvent } from './security-events';
import { createSessionsRepo } from './sessions.repo';
import { createUsersRepo, type UserRow } from './users.repo';
import { mailTime } from '../../lib/local-time';

export const wrongCurrentPassword = () =>
  new Unauthorized('The current password is not right.', 'invalid_credentials');

/** `throttle`: where a reset ends the guard of an account after failed sign-ins (the owner proved the mailbox). */
export function createPasswordService(ctx: AppContext, throttle?: Pick<LoginThrottle, 'ownerConfirmed'>) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const tokens = createAccountTokensRepo(db);
  const sessions = createSessionsRepo(db);

  async function passwordChangedAlert(user: UserRow, now: Date) {
    const when = mailTime(now, user.timeZone, user.locale);
    return {
      to: user.email,
      locale: user.locale,
      ...mailTemplatesIn(user.locale).alertPasswordChanged(when),
    };
  }

  return {
    /**
     * Always the same answer and the same work (a lookup, a job queued); an open account gets a
     * 1-hour, single-use link from the job (account-mail.ts).
     */
    async forgot(meta: RequestMeta, email: string): Promise<void> {
      const user = await users.findByEmail(email);
      await queueAccountMail(ctx, meta, 'reset-password', user?.id);
    },

    /** Sets the new password, ends every session, and clears a sign-in lock (the owner proved the mailbox). */
    async reset(meta: RequestMeta, token: string, password: string): Promise<void> {
      const now = ctx.now();
      const user = await db.transaction(async (tx) => {
        const row = await redeemLinkToken(tokens, token, 'reset_password', now, tx);
        const found = await users.findById(row.userId, tx);
        if (!found) throw new NotFound('Link');
        assertStrongPassword(password, [found.email, found.displayName]);
        await users.update(
          found.id,
          { passwordHash: await hashPassword(password), failedLoginCount: 0, lockedUntil: null },
          tx,
        );
        // A reset link also proves the address: an unverified account becomes verified.
        if (!found.emailVerifiedAt) await users.update(found.id, { emailVerifiedAt: now }, tx);
        await sessions.deleteAllExcept(found.id, undefined, tx);
        return found;
      });
      await throttle?.ownerConfirmed(user.email);
      await recordSecurityEvent(ctx, meta, {
        userId: user.id,
        action: 'password_reset',
        alert: await passwordChangedAlert(user, now),
      });
    },

    /** Asks the current password; signs out every other session. */
    async change(
      meta: RequestMeta,
      auth: { userId: string; sessionId: string },
      currentPassword: string,
      newPassword: string,
    ): Promise<void> {
      const now = ctx.now();
      const user = await users.findById(auth.userId);
      if (!user) throw new NotFound('Account');
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await recordSecurityEvent(ctx, meta, { userId: user.id, action: 'password_change_failed' });
        throw wrongCurrentPassword();
      }
      assertStrongPassword(newPassword, [user.email, user.displayName]);
      const passwordHash = await hashPassword(newPassword);
      const ended = await db.transaction(async (tx) => {
        await users.update(user.id, { passwordHash }, tx);
        return sessions.deleteAllExcept(user.id, auth.sessionId, tx);
      });
      await recordSecurityEvent(ctx, meta, {
        userId: user.id,
        action: 'password_changed',
        details: { otherSessionsEnded: ended },
        alert: await passwordChangedAlert(user, now),
      });
    },
  };
}
