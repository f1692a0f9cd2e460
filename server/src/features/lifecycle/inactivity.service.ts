import type { AppContext } from '../../lib/context';
import { safeErrorForLog } from '../../lib/safe-log';
import { recordSecurityEvent } from '../accounts';
import { createErasureService } from '../erasure';
import { lifecycleMailsIn } from './lifecycle-mail';
import { createLifecycleRepo } from './lifecycle.repo';

const DAY_MS = 24 * 60 * 60 * 1000;

function addYears(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * P21: an account unused for INACTIVITY_CLOSE_YEARS (5 by default) is closed. The daily run mails a
 * notice 60 and 30 days before, then closes the account through the erasure path (the 7-day cancel
 * link, the purge, the receipt). Each notice is noted per period of inactivity, so a second run (or
 * a second server) never mails twice, and an account is never closed without the 30-day notice having
 * gone out at least 30 days before: a notice that came late (jobs down, the setting lowered) moves the
 * closure back rather than surprising anyone. Use is defined in accounts/last-active.ts.
 */
export function createInactivityService(ctx: AppContext) {
  const repo = createLifecycleRepo(ctx.database.db);
  const closure = createErasureService(ctx);
  const signInUrl = `${ctx.config.publicUrl}/sign-in`;

  return {
    async run(): Promise<{ noticed: number; closed: number }> {
      const now = ctx.now();
      const years = ctx.config.inactivityCloseYears;
      const candidates = await repo.inactiveSince(new Date(addYears(now, -years).getTime() + 60 * DAY_MS));
      let noticed = 0;
      let closed = 0;
      for (const user of candidates) {
        try {
          const closeOn = addYears(user.since, years);
          const daysLeft = Math.ceil((closeOn.getTime() - now.getTime()) / DAY_MS);
          const notice30 = await repo.noticeSent(user.id, '30_days', user.since);
          if (daysLeft <= 0 && notice30 && now.getTime() - notice30.getTime() >= 30 * DAY_MS) {
            const { purgeAfter, cancelUrl } = await closure.closeBySystem(user.id, { cancellable: true });
            await repo.noteNotice(user.id, 'closed', user.since, now);
            await ctx.mailer.send({
              userId: user.id,
              to: user.email,
              kind: 'account-closed-inactivity',
              ...lifecycleMailsIn(user.locale).closedForInactivity(
                user.displayName,
                purgeAfter,
                cancelUrl as string,
                user.timeZone,
              ),
            });
            await recordSecurityEvent(ctx, undefined, {
              userId: user.id,
              actorType: 'system',
              actorId: 'lifecycle',
              action: 'account_closed_inactivity',
              details: { inactiveSince: user.since.toISOString(), purgeAfter: purgeAfter.toISOString() },
            });
            closed += 1;
            continue;
          }
          const notice = daysLeft <= 30 ? '30_days' : '60_days';
          if (!(await repo.noteNotice(user.id, notice, user.since, now))) continue;
          // A late notice still gives its full time: the closure waits for it (see above).
          const closesOn =
            notice === '30_days'
              ? new Date(Math.max(closeOn.getTime(), now.getTime() + 30 * DAY_MS))
              : closeOn;
          const left = Math.ceil((closesOn.getTime() - now.getTime()) / DAY_MS);
          await ctx.mailer.send({
            userId: user.id,
            to: user.email,
            kind: 'inactivity-notice',
            ...lifecycleMailsIn(user.locale).inactivityNotice(
              user.displayName,
              closesOn,
              left,
              signInUrl,
              user.timeZone,
            ),
          });
          noticed += 1;
        } catch (err) {
          // One account's failure (a refused address) must not hold back the others; retried tomorrow.
          ctx.log.error({ err: safeErrorForLog(err) }, 'inactivity run failed for one account');
        }
      }
      return { noticed, closed };
    },
  };
}
