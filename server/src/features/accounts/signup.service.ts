import type { SignUpBody } from '@vitalbase/core';
import type { RequestMeta } from '../../lib/request-meta';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';
import { queueAccountMail } from './account-mail';
import { accountPlug } from './account-plugs';
import { issueLinkToken, linkUrl, redeemLinkToken } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import { mailTemplatesIn } from './mail-templates';
import { newAccount } from './new-account';
import { recordSecurityEvent } from './security-events';
import { createUsersRepo } from './users.repo';

/** Sends without making the caller wait: answers must not take longer when an email has an account. */
export function sendInBackground(ctx: AppContext, mail: Parameters<AppContext['mailer']['send']>[0]) {
  ctx.mailer.send(mail).catch((err: unknown) => {
    ctx.log.error({ kind: mail.kind, err: safeErrorForLog(err) }, 'mail not sent');
  });
}

export function createSignUpService(ctx: AppContext) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const tokens = createAccountTokensRepo(db);
  const policies = accountPlug('signUpPolicies')(ctx);

  return {
    /**
     * Creates the account (unverified) and mails the confirmation link. An email that already has an
     * account gets the same answer, with the same work done (password hashed), and its owner is told.
     */
    async signUp(meta: RequestMeta, body: SignUpBody): Promise<void> {
      const now = ctx.now();
      await policies.check(body.policies);
      // The password is hashed before the address is looked up: the same work either way.
      const { row, minor } = await newAccount(body, {
        now,
        digitalConsentAges: ctx.config.digitalConsentAges,
        digitalConsentAge: ctx.config.digitalConsentAge,
        verified: false,
        forMinor(minor) {
          if (minor && !body.parentEmail) {
            throw new Invalid(
              'Under the age of digital consent in this country, a parent must consent: give their email.',
              [{ path: 'parentEmail', message: 'required' }],
            );
          }
          if (minor && body.parentEmail === body.email) {
            throw new Invalid("The parent's email must not be the account's own.", [{ path: 'parentEmail' }]);
          }
        },
      });

      const existing = await users.findByEmail(body.email);
      if (existing) {
        // Its owner is told, from a job (account-mail.ts), like every mail asked for by address.
        await queueAccountMail(ctx, meta, 'signup-existing', existing.id);
        return;
      }

      const id = row.id;
      let verifyToken: string;
      let consentToken: string | undefined;
      try {
        [verifyToken, consentToken] = await db.transaction(async (tx) => {
          await users.insert(row, tx);
          await policies.record(tx, id, body.policies);
          const verify = await issueLinkToken(tokens, { userId: id, purpose: 'verify_email', now }, tx);
          const consent = minor
            ? await issueLinkToken(
                tokens,
                { userId: id, purpose: 'parental_consent', now, data: { parentEmail: body.parentEmail! } },
                tx,
              )
            : undefined;
          return [verify, consent] as const;
        });
      } catch (err) {
        // Two sign-ups with one email at the same instant: the directory's primary key let one win.
        if (await users.findByEmail(body.email)) return;
        throw err;
      }
      await recordSecurityEvent(ctx, meta, {
        userId: id,
        action: 'signup',
        details: minor ? { pendingParentalConsent: true } : {},
      });
      sendInBackground(ctx, {
        userId: id,
        to: body.email,
        kind: 'verify-email',
        ...mailTemplatesIn(body.locale).verifyEmail(
          body.displayName,
          linkUrl(ctx.config.publicUrl, 'verify_email', verifyToken),
        ),
      });
      if (consentToken && body.parentEmail) {
        sendInBackground(ctx, {
          userId: id,
          to: body.parentEmail,
          kind: 'parental-consent',
          // The parent is written to in the language the child chose (the one language known).
          ...mailTemplatesIn(body.locale).parentalConsent(
            body.displayName,
            linkUrl(ctx.config.publicUrl, 'parental_consent', consentToken),
          ),
        });
      }
    },

    async verifyEmail(meta: RequestMeta, token: string): Promise<void> {
      const now = ctx.now();
      const row = await redeemLinkToken(tokens, token, 'verify_email', now);
      await users.update(row.userId, { emailVerifiedAt: now });
      await recordSecurityEvent(ctx, meta, { userId: row.userId, action: 'email_verified' });
    },

    /**
     * Always the same answer and the same work (a lookup, a job queued); only an open, unverified
     * account gets a new link, from the job (account-mail.ts).
     */
    async resendVerification(meta: RequestMeta, email: string): Promise<void> {
      const user = await users.findByEmail(email);
      await queueAccountMail(ctx, meta, 'verify-email', user?.id);
    },
  };
}
