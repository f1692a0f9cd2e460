import type { AppContext } from '../../lib/context';
import type { RequestMeta } from '../../lib/request-meta';
import { recordSecurityEvent } from '../accounts';
import { createUsersRepo } from '../accounts';

export interface SecurityChange {
  userId: string;
  /** e.g. 'totp_enabled', 'token_created'. */
  action: string;
  details?: Record<string, unknown>;
  /** With it, the account's address gets a security alert (always sent, whatever the mail consents). */
  alert?: { subject: string; what: string };
}

/**
 * Notes a change to the account's sign-in security in the audit trail and, when it warrants one, mails
 * the alert to the account's address with the advice of what to do if it was not the owner.
 */
export async function recordSecurityChange(
  ctx: AppContext,
  meta: RequestMeta | undefined,
  change: SecurityChange,
) {
  const user = change.alert ? await createUsersRepo(ctx.database.db).findById(change.userId) : undefined;
  await recordSecurityEvent(ctx, meta, {
    userId: change.userId,
    action: change.action,
    details: change.details,
    alert:
      user && change.alert
        ? {
            to: user.email,
            subject: `Vitalbase security alert: ${change.alert.subject}`,
            text: [
              `Hello ${user.displayName},`,
              '',
              change.alert.what,
              '',
              'If this was you, there is nothing to do.',
              // The link to the security page is added to every alert (accounts/security-events.ts).
              'If it was not, change your password now and review your security settings.',
            ].join('\n'),
          }
        : undefined,
  });
}
