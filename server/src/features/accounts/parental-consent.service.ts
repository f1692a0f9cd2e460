import { needsParentalConsent } from '@vitalbase/core';
import { and, eq, gte, lt, notExists } from 'drizzle-orm';
import type { RequestMeta } from '../../lib/request-meta';
import { deleteUserData } from '../../db/delete-user-data';
import type { AppContext } from '../../lib/context';
import { Conflict, Gone, Invalid, NotFound } from '../../lib/errors';
import { accountPlug } from './account-plugs';
import { issueLinkToken, LINK_TTL_MS, linkUrl, peekLinkToken, redeemLinkToken } from './account-links';
import { createAccountTokensRepo } from './account-tokens.repo';
import { accountTokens, users as usersTable } from './accounts.schema';
import { mailTemplatesIn } from './mail-templates';
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
  const db = ctx.database.db;
  // The deadline runs from the sign-up, or from the request to a parent made when a corrected birth
  // date showed a minor (correctBirthDate below): an account older than 30 days may still be waiting.
  const recentRequest = db
    .select({ userId: accountTokens.userId })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.userId, usersTable.id),
        eq(accountTokens.purpose, 'parental_consent'),
        gte(accountTokens.createdAt, cutoff),
      ),
    );
  const expired = await db
    .select({ id: usersTable.id })
    .from(usersTable)
    .where(
      and(
        eq(usersTable.state, 'pending_parental_consent'),
        lt(usersTable.createdAt, cutoff),
        notExists(recentRequest),
      ),
    );
  for (const { id } of expired) {
    await deleteUserData(ctx.database.db, id);
    ctx.log.info({ userId: id }, 'account deleted: no parental consent within 30 days');
  }
  return { deleted: expired.length };
}

/**
 * A birth date corrected by the operator, answering a rectification request (P3, docs/lifecycle.md):
 * when the corrected date makes the person a minor in their country, the account waits for a parent
 * exactly as at sign-up (no health data stored meanwhile, the consent link mailed to the parent), and
 * without the parent's consent within 30 days it is deleted with its data by the hourly purge above.
 */
export async function correctBirthDate(
  ctx: AppContext,
  input: { userId: string; birthDate: string; parentEmail?: string; requestRef?: string },
): Promise<{ minor: boolean }> {
  const users = createUsersRepo(ctx.database.db);
  const user = await users.findById(input.userId);
  if (!user || user.state === 'erasure_pending') throw new NotFound('Account');
  const now = ctx.now();
  const today = now.toISOString().slice(0, 10);
  if (input.birthDate > today) throw new Invalid('The birth date is in the future.', [{ path: 'birthDate' }]);
  const minor = needsParentalConsent(
    input.birthDate,
    user.country,
    today,
    ctx.config.digitalConsentAges,
    ctx.config.digitalConsentAge,
  );
  if (minor && user.state !== 'active' && user.state !== 'pending_parental_consent') {
    throw new Conflict('Only an active account can be moved to a parent’s consent.', 'account_not_active');
  }
  if (minor && !input.parentEmail) {
    throw new Invalid('The person is a minor: give the parent’s email address.', [{ path: 'parentEmail' }]);
  }
  const details = { from: user.birthDate, to: input.birthDate, request: input.requestRef ?? null };
  let token: string | undefined;
  await ctx.database.db.transaction(async (tx) => {
    await users.update(
      user.id,
      { birthDate: input.birthDate, ...(minor ? { state: 'pending_parental_consent' as const } : {}) },
      tx,
    );
    if (minor) {
      token = await issueLinkToken(
        createAccountTokensRepo(tx),
        {
          userId: user.id,
          purpose: 'parental_consent',
          now,
          data: { parentEmail: input.parentEmail as string },
        },
        tx,
      );
    }
  });
  await recordSecurityEvent(ctx, undefined, {
    userId: user.id,
    actorType: 'operator',
    actorId: 'privacy-request',
    action: minor ? 'birth_date_corrected_parental_consent_pending' : 'birth_date_corrected',
    details,
  });
  if (token && input.parentEmail) {
    await ctx.mailer.send({
      userId: user.id,
      to: input.parentEmail,
      kind: 'parental-consent',
      ...mailTemplatesIn(user.locale).parentalConsent(
        user.displayName,
        linkUrl(ctx.config.publicUrl, 'parental_consent', token),
      ),
    });
  }
  return { minor };
}
