import type { ProfilePatch } from '@vitalbase/core';
import type { AppContext } from '../../lib/context';
import { NotFound } from '../../lib/errors';
import { accountPlug } from './account-plugs';
import { describeUserAgent } from './user-agent';
import { createUsersRepo } from './users.repo';

export interface MeView {
  id: string;
  email: string;
  emailVerified: boolean;
  displayName: string;
  birthDate: string;
  country: string;
  locale: string;
  timeZone: string;
  state: string;
  secondFactorEnabled: boolean;
  /** True until a second factor is on: the app shows a recommendation [P2]. */
  recommendSecondFactor: boolean;
}

export interface SecurityEventView {
  id: string;
  at: string;
  action: string;
  actorType: string;
  ip: string | null;
  browser: string;
  details: Record<string, unknown>;
}

export function createProfileService(ctx: AppContext) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);

  return {
    async me(userId: string): Promise<MeView> {
      const [user, enabled] = await Promise.all([
        users.findById(userId),
        accountPlug('secondFactorEnabled')(db, userId),
      ]);
      if (!user) throw new NotFound('Account');
      return {
        id: user.id,
        email: user.email,
        emailVerified: Boolean(user.emailVerifiedAt),
        displayName: user.displayName,
        birthDate: user.birthDate,
        country: user.country,
        locale: user.locale,
        timeZone: user.timeZone,
        state: user.state,
        secondFactorEnabled: enabled,
        recommendSecondFactor: !enabled,
      };
    },

    async update(userId: string, patch: ProfilePatch): Promise<MeView> {
      const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length) {
        await db.transaction(async (tx) => {
          const before = patch.timeZone ? await users.findById(userId, tx) : undefined;
          await users.update(userId, changes, tx);
          if (before && before.timeZone !== patch.timeZone)
            await accountPlug('timeZoneChanged')(tx, userId, ctx.now());
        });
      }
      return this.me(userId);
    },

    /** The user's own audit trail, newest first; `before` pages back in time. */
    async securityEvents(
      userId: string,
      opts: { limit: number; afterId?: string },
    ): Promise<SecurityEventView[]> {
      const rows = await ctx.audit.listForUser(userId, opts);
      return rows.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        action: e.action,
        actorType: e.actorType,
        ip: e.ip,
        browser: describeUserAgent(e.userAgent).browser,
        details: e.details,
      }));
    },
  };
}
