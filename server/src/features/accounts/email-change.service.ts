import type { RequestMeta } from '../../lib/request-meta';
import type { AppContext } from '../../lib/context';
import { Conflict, NotFound } from '../../lib/errors';
import { issueLinkToken, linkUrl, redeemLinkToken } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import { mailTemplates, mailTemplatesIn } from './mail-templates';
import { verifyPassword } from './password';
import { wrongCurrentPassword } from './password.service';
import { recordSecurityEvent } from './security-events';
import { sendInBackground } from './signup.service';
import { createUsersRepo, normalizeEmail } from './users.repo';
import { mailTime } from '../../lib/local-time';

export function createEmailChangeService(ctx: AppContext) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const tokens = createAccountTokensRepo(db);

  return {
    /**
     * Mails a confirmation link to the new address and an alert to the current one. The answer is the
     * same whether or not the new address already has an account (its owner is told instead).
     */
    async request(
      meta: RequestMeta,
      userId: string,
      currentPassword: string,
      newEmail: string,
    ): Promise<void> {
      const now = ctx.now();
      const user = await users.findById(userId);
      if (!user) throw new NotFound('Account');
      if (!(await verifyPassword(user.passwordHash, currentPassword))) throw wrongCurrentPassword();
      const target = normalizeEmail(newEmail);
      if (target === user.email) return;
      const owner = await users.findByEmail(target);
      if (owner) {
        sendInBackground(ctx, {
          userId: owner.id,
          to: owner.email,
          kind: 'email-change-taken',
          ...mailTemplates.emailChangeTargetTaken(),
        });
      } else {
        const token = await issueLinkToken(tokens, {
          userId,
          purpose: 'confirm_email_change',
          now,
          data: { newEmail: target },
        });
        sendInBackground(ctx, {
          userId,
          to: target,
          kind: 'confirm-email-change',
          ...mailTemplatesIn(user.locale).confirmEmailChange(
            user.displayName,
            linkUrl(ctx.config.publicUrl, 'confirm_email_change', token),
          ),
        });
      }
      await recordSecurityEvent(ctx, meta, {
        userId,
        action: 'email_change_requested',
        alert: {
          to: user.email,
          locale: user.locale,
          ...mailTemplatesIn(user.locale).alertEmailChangeRequested(
            mailTime(now, user.timeZone, user.locale),
            target,
          ),
        },
      });
    },

    async confirm(meta: RequestMeta, token: string): Promise<void> {
      const now = ctx.now();
      const { user, newEmail } = await db.transaction(async (tx) => {
        const row = await redeemLinkToken(tokens, token, 'confirm_email_change', now, tx);
        const found = await users.findById(row.userId, tx);
        const target = row.data.newEmail;
        if (!found || !target) throw new NotFound('Link');
        if (await users.findByEmail(target, tx)) {
          throw new Conflict('This address now belongs to another account.', 'email_taken');
        }
        await users.changeEmail(found.id, found.email, target, now, tx);
        return { user: found, newEmail: target };
      });
      await recordSecurityEvent(ctx, meta, {
        userId: user.id,
        action: 'email_changed',
        details: { from: user.email, to: newEmail },
        alert: {
          to: user.email,
          locale: user.locale,
          ...mailTemplatesIn(user.locale).alertEmailChanged(
            mailTime(now, user.timeZone, user.locale),
            newEmail,
          ),
        },
      });
    },
  };
}
