import type { Auth } from '../../lib/auth';
import type { AppContext } from '../../lib/context';
import { hashToken } from '../../lib/tokens';
import type { BearerResolver } from '../accounts';
import { createUsersRepo, markAccountActive } from '../accounts';
import { parsePersonalAccessToken } from './personal-access-token';
import { createTokensRepo } from './tokens.repo';

/** Last-used is written at most this often per token, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * Turns `Authorization: Bearer vbp_…` into the token's user and scopes, when the token exists, has not
 * expired and its account is not disabled. Anything else resolves to nobody (→ 401 on protected routes).
 */
export function createPersonalAccessTokenResolver(ctx: AppContext): BearerResolver {
  const tokens = createTokensRepo(ctx.database.db);
  const users = createUsersRepo(ctx.database.db);
  return async (bearer): Promise<Auth | null> => {
    const parts = parsePersonalAccessToken(bearer);
    if (!parts) return null;
    const row = await tokens.findBySecretHash(parts.userId, hashToken(parts.secret));
    if (!row) return null;
    const now = ctx.now();
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;
    const user = await users.findById(parts.userId);
    // A suspended account's tokens wait (P22): lifting the suspension makes them work again.
    if (!user || user.state === 'disabled' || user.state === 'erasure_pending' || user.state === 'suspended')
      return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await tokens.touch(row.userId, row.id, now);
      await markAccountActive(ctx.database.db, row.userId, now); // a token's call is use (P21)
    }
    return { via: 'token', userId: row.userId, tokenId: row.id, scopes: row.scopes };
  };
}
