import { and, eq, lt } from 'drizzle-orm';
import type { RequestMeta } from '../../lib/request-meta';
import { deleteUserData } from '../../db/delete-user-data';
import type { AppContext } from '../../lib/context';
import { Gone, NotFound } from '../../lib/errors';
import { accountPlug } from './account-plugs';
import { LINK_TTL_MS, peekLinkToken, redeemLinkToken } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import { users as usersTable } from './accounts.schema';
import { recordSecurityEvent } from './security-events';
import { createUsersRepo } from './users.repo';

/** How long a parent has to answer before the minor's account and its data are deleted. */
const PARENTAL_CONSENT_DEADLINE_MS = LINK_TTL_MS.parental_consent;

export function createParentalConsentService(ctx: AppContext) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const tokens = createAccountTokensRepo(db);

  async function pendingChild(userId: string) {
    const child = await users.findById(userId);
    if (!child) throw new NotFound('Link');
    if (child.state !== 'pending_parental_consent') throw new Gone('This request was already answered.');
    return child;
  }

  return {
    /** What the parent is asked to consent to: who the account is for. */
    async show(token: string): Promise<{ childDisplayName: string; childBirthDate: string }> {
      const row = await peekLinkToken(tokens, token, 'parental_consent', ctx.now());
      const child = await pendingChild(row.userId);
      return { childDisplayName: child.displayName, childBirthDate: child.birthDate };
    },

    /** Grant: the account becomes active. Refuse: the account and all its data are deleted. */
    async decide(
      meta: RequestMeta,
      token: string,
      decision: 'grant' | 'refuse',
      parentName: string,
    ): Promise<'granted' | 'refused'> {
      const now = ctx.now();
      const row = await redeemLinkToken(tokens, token, 'parental_consent', now);
      await pendingChild(row.userId);
      const parent = { actorType: 'parent' as const, actorId: row.data.parentEmail ?? 'parent' };
      if (decision === 'refuse') {
        await deleteUserData(db, row.userId);
        ctx.log.info({ userId: row.userId }, 'account deleted: the parent refused consent');
        return 'refused';
      }
      await users.update(row.userId, { state: 'active' });
      const child = await users.findById(row.userId);
      // From now on the parent gives the child's consents (GDPR Art. 8): their personal link.
      if (child && row.data.parentEmail)
        await accountPlug('sendGuardianLink')(ctx, child, row.data.parentEmail);
      await recordSecurityEvent(ctx, meta, {
        userId: row.userId,
        ...parent,
        action: 'parental_consent_granted',
        details: { parentName },
      });
      return 'granted';
    },
  };
}

/**
 * Deletes every minor's account whose parent did not answer within the deadline [terms 1.6]. A job:
 * it reads the users directory (not one user's data), and each deletion goes through deleteUserData.
 */
export async function purgeExpiredParentalConsents(ctx: Pick<AppContext, 'database' | 'log' | 'now'>) {
  const cutoff = new Date(ctx.now().getTime() - PARENTAL_CONSENT_DEADLINE_MS);
  const expired = await ctx.database.db
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(and(eq(usersTable.state, 'pending_parental_consent'), lt(usersTable.createdAt, cutoff)));
  for (const { id } of expired) {
    await deleteUserData(ctx.database.db, id);
    ctx.log.info({ userId: id }, 'account deleted: no parental consent within 30 days');
  }
  return { deleted: expired.length };
}
