import { type ConsentChange, type ConsentPurpose, ageOn, digitalConsentAge } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Forbidden, NotFound } from '../../lib/errors';
import { issueLinkToken, linkUrl, peekLinkToken } from '../accounts';
import { createAccountTokensRepo } from '../accounts';
import { mailTemplatesIn } from '../accounts';
import { createUsersRepo, type UserRow } from '../accounts';
import { createConsentsService } from './consents.service';

type Ctx = Pick<AppContext, 'database' | 'now' | 'config' | 'mailer'>;

/** The day (YYYY-MM-DD) a person born on `birthDate` reaches `age`; 29 February → 1 March. */
export function birthdayAt(birthDate: string, age: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y + age, m - 1, d));
  return day.toISOString().slice(0, 10);
}

function consentAgeOf(ctx: Pick<AppContext, 'config'>, user: Pick<UserRow, 'country'>): number {
  return digitalConsentAge(user.country, ctx.config.digitalConsentAges, ctx.config.digitalConsentAge);
}

/** Under the age of digital consent of their country, today (GDPR Art. 8). */
function isMinor(
  ctx: Pick<AppContext, 'config' | 'now'>,
  user: Pick<UserRow, 'birthDate' | 'country'>,
): boolean {
  return ageOn(user.birthDate, ctx.now().toISOString().slice(0, 10)) < consentAgeOf(ctx, user);
}

/**
 * A child's consents while under the age of digital consent [P3, GDPR Art. 8]: a parent gives them,
 * from a personal link mailed when they approved the account (valid until the child's birthday of
 * majority); the child may withdraw one — withdrawing is always possible — but not give it.
 */
export function createGuardianService(ctx: Ctx) {
  const db = ctx.database.db;
  const users = createUsersRepo(db);
  const tokens = createAccountTokensRepo(db);
  const consents = createConsentsService(ctx);

  async function childOf(token: string) {
    const row = await peekLinkToken(tokens, token, 'guardian', ctx.now());
    const child = await users.findById(row.userId);
    // An erased or erasing account is gone for the parent too; an adult manages their own consents.
    if (child?.state !== 'active' || !isMinor(ctx, child)) throw new NotFound('Link');
    return child;
  }

  return {
    /** Mailed to the parent when they approve the account. */
    async sendLink(child: UserRow, parentEmail: string, tx?: Executor): Promise<void> {
      const until = birthdayAt(child.birthDate, consentAgeOf(ctx, child));
      const token = await issueLinkToken(
        tokens,
        {
          userId: child.id,
          purpose: 'guardian',
          now: ctx.now(),
          data: { parentEmail },
          expiresAt: new Date(`${until}T00:00:00Z`),
        },
        tx,
      );
      await ctx.mailer.send({
        userId: child.id,
        to: parentEmail,
        kind: 'guardian-link',
        // In the child's language, as the parental consent mail before it (a parent has no account here).
        ...mailTemplatesIn(child.locale).guardianLink(
          child.displayName,
          linkUrl(ctx.config.publicUrl, 'guardian', token),
          until,
        ),
      });
    },

    async view(token: string) {
      const child = await childOf(token);
      return {
        childDisplayName: child.displayName,
        until: birthdayAt(child.birthDate, consentAgeOf(ctx, child)),
        consents: await consents.list(child.id),
      };
    },

    async change(token: string, purpose: ConsentPurpose, body: ConsentChange) {
      const child = await childOf(token);
      return consents.change(child.id, purpose, body, 'guardian');
    },

    /**
     * The child the parent's link is for, and the parent's address (another feature's acceptance a
     * parent gives for the child, e.g. a clinic's monitoring programme). Refused like `view`.
     */
    async childOfLink(token: string): Promise<{ child: UserRow; parentEmail: string }> {
      const row = await peekLinkToken(tokens, token, 'guardian', ctx.now());
      return { child: await childOf(token), parentEmail: row.data.parentEmail ?? '' };
    },

    /** The child's own change: withdrawing always, giving only once of age. */
    async assertChildMayChange(userId: string, granted: boolean): Promise<void> {
      if (!granted) return;
      const user = await users.findById(userId);
      if (user && isMinor(ctx, user)) {
        throw new Forbidden(
          'Under the age of digital consent, a parent gives this consent (from the link in their email).',
          'parent_must_consent',
        );
      }
    },
  };
}
