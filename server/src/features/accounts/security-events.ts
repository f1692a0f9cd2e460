import type { AppContext } from '../../lib/context';
import type { RequestMeta } from '../../lib/request-meta';
import type { NewAuditEvent } from '../audit';
import { withSecurityPageLink } from './mail-templates';

export interface SecurityEvent {
  userId: string;
  action: string;
  actorType?: NewAuditEvent['actorType'];
  actorId?: string;
  details?: Record<string, unknown>;
  /**
   * When given, a security alert mail goes to `alert.to` (always sent: no consent can switch it off),
   * ending with the link to the security page.
   */
  alert?: {
    to: string;
    subject: string;
    text: string /** The account's, for the closing line. */;
    locale?: string;
  };
}

/**
 * The one way to note a security event: appended to the user's audit trail (who, what, when, from
 * where) and, for those that warrant it, mailed as a security alert.
 */
export async function recordSecurityEvent(
  ctx: AppContext,
  /** Where it came from: `requestMeta(req)`, what a queued job kept of it, or nothing. */
  meta: RequestMeta | undefined,
  event: SecurityEvent,
) {
  await ctx.audit.record({
    userId: event.userId,
    actorType: event.actorType ?? 'user',
    actorId: event.actorId ?? event.userId,
    action: event.action,
    ip: meta?.ip,
    userAgent: meta?.userAgent?.slice(0, 500),
    details: event.details ?? {},
  });
  if (event.alert) {
    const { locale, ...alert } = event.alert;
    const text = withSecurityPageLink(alert.text, ctx.config.publicUrl, locale);
    await ctx.mailer.send({ userId: event.userId, kind: 'security-alert', ...alert, text });
  }
}
