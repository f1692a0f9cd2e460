import type { MaintenanceWindowInput } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { Invalid, NotFound } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';
import { lifecycleMailsIn, maintenanceMessageIn } from './lifecycle-mail';
import { createLifecycleRepo, type MaintenanceWindowRow } from './lifecycle.repo';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** How long a server trusts its list of windows before reading it again (other servers may add one). */
const WINDOWS_FRESH_MS = 30 * 1000;

const view = (w: MaintenanceWindowRow, now: Date) => ({
  id: w.id,
  startsAt: w.startsAt.toISOString(),
  endsAt: w.endsAt.toISOString(),
  messageEn: w.messageEn,
  messageFr: w.messageFr,
  active: !w.cancelledAt && w.startsAt <= now && now < w.endsAt,
});

/**
 * Maintenance windows (P23): an operator admin schedules one; the app shows a banner from its notice
 * date; users are mailed about windows over an hour; during the window, writes answer 503 with
 * Retry-After (maintenance.hook.ts) while reads keep working. The write gate reads the open windows
 * from memory, refreshed every 30 s and at once after a change made on this server, so a write costs
 * no query.
 */
export function createMaintenanceService(ctx: AppContext) {
  const repo = createLifecycleRepo(ctx.database.db);
  let cache: { at: number; windows: MaintenanceWindowRow[] } | undefined;

  async function openWindows(): Promise<MaintenanceWindowRow[]> {
    const now = ctx.now().getTime();
    if (!cache || Math.abs(now - cache.at) > WINDOWS_FRESH_MS) {
      cache = { at: now, windows: await repo.openWindows(new Date(now)) };
    }
    return cache.windows;
  }

  return {
    async schedule(actorId: string | null, input: MaintenanceWindowInput) {
      const now = ctx.now();
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      if (endsAt <= now) throw new Invalid('The window is already over.');
      const noticeDays = input.noticeDays ?? ctx.config.maintenanceNoticeDays;
      const row = await repo.insertWindow({
        startsAt,
        endsAt,
        noticeFrom: new Date(startsAt.getTime() - noticeDays * DAY_MS),
        messageEn: input.messageEn,
        messageFr: input.messageFr,
        createdBy: actorId,
        createdAt: now,
      });
      cache = undefined;
      return this.present(row);
    },

    async cancel(id: string) {
      if (!(await repo.cancelWindow(id, ctx.now()))) throw new NotFound('Maintenance window');
      cache = undefined;
    },

    /** The banner's list: announced (notice begun), not over, not cancelled. */
    async announced() {
      const now = ctx.now();
      const windows = await openWindows();
      return windows.filter((w) => w.noticeFrom <= now).map((w) => view(w, now));
    },

    /** The window running now, if any (the write gate). */
    async running(): Promise<MaintenanceWindowRow | undefined> {
      const now = ctx.now();
      return (await openWindows()).find((w) => w.startsAt <= now && now < w.endsAt);
    },

    async list() {
      return Promise.all((await repo.listWindows()).map((w) => this.present(w)));
    },

    present(w: MaintenanceWindowRow) {
      return {
        ...view(w, ctx.now()),
        noticeFrom: w.noticeFrom.toISOString(),
        createdAt: w.createdAt.toISOString(),
        mailedAt: w.mailedAt?.toISOString() ?? null,
        cancelledAt: w.cancelledAt?.toISOString() ?? null,
      };
    },

    /**
     * The daily-and-hourly job: windows over an hour whose notice has begun are mailed to every
     * account once (claimed first, so two servers never both mail).
     */
    async mailAnnounced(): Promise<number> {
      const now = ctx.now();
      const due = (await repo.openWindows(now)).filter(
        (w) => w.noticeFrom <= now && w.endsAt.getTime() - w.startsAt.getTime() > HOUR_MS && !w.mailedAt,
      );
      let mailed = 0;
      for (const w of due) {
        if (!(await repo.claimWindowMail(w.id, now))) continue;
        for (const user of await repo.mailableUsers()) {
          try {
            await ctx.mailer.send({
              userId: user.id,
              to: user.email,
              kind: 'maintenance-notice',
              ...lifecycleMailsIn(user.locale).maintenance(
                w.startsAt,
                w.endsAt,
                maintenanceMessageIn(user.locale, w.messageEn, w.messageFr),
                user.timeZone,
              ),
            });
            mailed += 1;
          } catch (err) {
            // One refused address must not stop the others; the window stays mailed (no second round).
            ctx.log.warn({ err: safeErrorForLog(err) }, 'maintenance notice not sent to one account');
          }
        }
      }
      return mailed;
    },
  };
}
export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
