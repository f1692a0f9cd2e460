import type { AppContext } from '../../lib/context';
import type { RequestMeta } from '../../lib/request-meta';
import { safeErrorForLog } from '../../lib/safe-log';
import { issueLinkToken, linkUrl } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import { mailTemplatesIn } from './mail-templates';
import { recordSecurityEvent } from './security-events';
import { createUsersRepo } from './users.repo';

export const ACCOUNT_MAIL_JOB = 'accounts.account-mail';

/**
 * A mail that an anonymous request asks for by email address (forgot password, resend verification, a
 * sign-up on a taken address). The request does the same work whether or not the address has an
 * account: one lookup, then one job queued, with `userId: null` for an unknown address [issue #11]. The
 * job decides whether anything is sent, away from the answer's timing. Ids only (the queue's tables are
 * no place for addresses); the client's address and browser are kept for the security event.
 */
export interface AccountMailJobData extends RequestMeta {
  kind: 'reset-password' | 'verify-email' | 'signup-existing';
  userId: string | null;
}

/** Queues the mail's job; without a queue in this process (JOBS=false), does the same work after the answer. */
export async function queueAccountMail(
  ctx: AppContext,
  meta: RequestMeta,
  kind: AccountMailJobData['kind'],
  userId: string | undefined,
): Promise<void> {
  const data: AccountMailJobData = {
    kind,
    userId: userId ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  if (ctx.jobs) {
    await ctx.jobs.send(ACCOUNT_MAIL_JOB, data);
    return;
  }
  setImmediate(() => {
    sendAccountMail(ctx, data).catch((err: unknown) =>
      ctx.log.error({ kind, err: safeErrorForLog(err) }, 'account mail not sent'),
    );
  });
}

/** The job: sends the mail if the account (still) calls for it. Throws when the mail fails (retried). */
export async function sendAccountMail(ctx: AppContext, data: AccountMailJobData): Promise<void> {
  if (!data.userId) return;
  const db = ctx.database.db;
  const user = await createUsersRepo(db).findById(data.userId);
  if (!user) return;
  // Someone signing up with a taken address: its owner is told, whatever the account's state.
  if (data.kind === 'signup-existing') {
    return ctx.mailer.send({
      userId: user.id,
      to: user.email,
      kind: data.kind,
      ...mailTemplatesIn(user.locale).signUpAttemptOnExistingAccount(
        `${ctx.config.publicUrl}/forgot-password`,
      ),
    });
  }
  if (user.state === 'disabled' || user.state === 'erasure_pending') return;
  const now = ctx.now();
  const meta: RequestMeta = { ip: data.ip, userAgent: data.userAgent };
  const link = async (purpose: 'reset_password' | 'verify_email') =>
    linkUrl(
      ctx.config.publicUrl,
      purpose,
      await issueLinkToken(createAccountTokensRepo(db), { userId: user.id, purpose, now }),
    );
  const to = { userId: user.id, to: user.email, kind: data.kind };
  switch (data.kind) {
    case 'reset-password': {
      const url = await link('reset_password');
      await recordSecurityEvent(ctx, meta, { userId: user.id, action: 'password_reset_requested' });
      return ctx.mailer.send({ ...to, ...mailTemplatesIn(user.locale).resetPassword(url) });
    }
    case 'verify-email': {
      if (user.emailVerifiedAt) return;
      const url = await link('verify_email');
      await recordSecurityEvent(ctx, meta, { userId: user.id, action: 'verification_resent' });
      return ctx.mailer.send({ ...to, ...mailTemplatesIn(user.locale).verifyEmail(user.displayName, url) });
    }
  }
}
