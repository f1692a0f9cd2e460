import { Gone, NotFound } from '../../lib/errors';
import { hashToken, randomToken, splitUserToken } from '../../lib/tokens';
import type { AccountTokenPurpose } from './accounts.schema';
import type { AccountTokenRow, AccountTokensRepo } from './account-tokens.repo';
import type { Executor } from '../../db/client';

const HOUR = 3600 * 1000;
/** How long each emailed link works. */
export const LINK_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 48 * HOUR,
  reset_password: 1 * HOUR,
  confirm_email_change: 24 * HOUR,
  parental_consent: 30 * 24 * HOUR,
  // The parent's consents link lives until the child reaches the age of digital consent (set per link).
  guardian: 365 * 24 * HOUR,
  // The second step of a sign-in on a guarded account (login-throttle.ts): short, like the attempt.
  sign_in: HOUR / 4,
};

/** Where each link points in the web app (a page that posts the token back to the API). */
const LINK_PAGE: Record<AccountTokenPurpose, string> = {
  verify_email: '/verify-email',
  reset_password: '/reset-password',
  confirm_email_change: '/confirm-email-change',
  parental_consent: '/parental-consent',
  guardian: '/guardian',
  sign_in: '/sign-in-link',
};

export function linkUrl(publicUrl: string, purpose: AccountTokenPurpose, token: string): string {
  return `${publicUrl}${LINK_PAGE[purpose]}?token=${encodeURIComponent(token)}`;
}

type Repo = Pick<AccountTokensRepo, 'insert' | 'voidUnused' | 'find' | 'consume'>;

/** Makes a single-use link token `<userId>.<secret>`; older unused links of the same kind stop working. */
export async function issueLinkToken(
  repo: Repo,
  opts: {
    userId: string;
    purpose: AccountTokenPurpose;
    now: Date;
    data?: Record<string, string>;
    /** Overrides the purpose's TTL (a guardian link ends on the child's birthday of majority). */
    expiresAt?: Date;
  },
  tx?: Executor,
): Promise<string> {
  const secret = randomToken();
  await repo.voidUnused(opts.userId, opts.purpose, opts.now, tx);
  await repo.insert(
    {
      userId: opts.userId,
      tokenHash: hashToken(secret),
      purpose: opts.purpose,
      data: opts.data ?? {},
      expiresAt: opts.expiresAt ?? new Date(opts.now.getTime() + LINK_TTL_MS[opts.purpose]),
      createdAt: opts.now,
    },
    tx,
  );
  return `${opts.userId}.${secret}`;
}

/** The token's row if it is valid; 404 when no such link exists, 410 when it expired or was used. */
export async function peekLinkToken(
  repo: Repo,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
  tx?: Executor,
): Promise<AccountTokenRow> {
  const parts = splitUserToken(token);
  if (!parts) throw new NotFound('Link');
  const row = await repo.find(parts.userId, hashToken(parts.secret), tx);
  if (!row || row.purpose !== purpose) throw new NotFound('Link');
  if (row.usedAt || row.expiresAt <= now) throw new Gone('This link has expired or was already used.');
  return row;
}

/** Uses the token up (atomically: of two concurrent requests only one wins) and returns its row. */
export async function redeemLinkToken(
  repo: Repo,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
  tx?: Executor,
): Promise<AccountTokenRow> {
  const parts = splitUserToken(token);
  if (!parts) throw new NotFound('Link');
  const row = await repo.consume(parts.userId, hashToken(parts.secret), purpose, now, tx);
  if (row) return row;
  await peekLinkToken(repo, token, purpose, now, tx);
  throw new Gone('This link has expired or was already used.');
}
