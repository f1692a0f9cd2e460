import type { TokenScope } from '@vitalbase/core';
import { Conflict, NotFound } from '../../lib/errors';
import { hashToken } from '../../lib/tokens';
import { newPersonalAccessToken } from './personal-access-token';
import type { TokenRow, TokensRepo } from './tokens.repo';

/** Enough for every script a person runs; a runaway loop creating tokens stops here. */
const MAX_TOKENS_PER_USER = 50;
const DAY_MS = 24 * 3600 * 1000;

export interface CreateTokenInput {
  name: string;
  scopes: TokenScope[];
  expiresInDays?: number;
}

export function createTokensService(deps: {
  tokens: Pick<TokensRepo, 'insert' | 'list' | 'delete' | 'count'>;
  now: () => Date;
}) {
  const { tokens, now } = deps;
  return {
    /** The row, and the token itself: shown this once, never stored. */
    async create(userId: string, input: CreateTokenInput): Promise<{ row: TokenRow; token: string }> {
      if ((await tokens.count(userId)) >= MAX_TOKENS_PER_USER) {
        throw new Conflict(
          `An account can hold at most ${MAX_TOKENS_PER_USER} tokens: revoke some first.`,
          'too_many_tokens',
        );
      }
      const at = now();
      const { token, secret } = newPersonalAccessToken(userId);
      const row = await tokens.insert({
        userId,
        name: input.name,
        secretHash: hashToken(secret),
        scopes: [...new Set(input.scopes)].sort(),
        createdAt: at,
        expiresAt: input.expiresInDays ? new Date(at.getTime() + input.expiresInDays * DAY_MS) : null,
      });
      return { row, token };
    },
    list: (userId: string) => tokens.list(userId),
    async revoke(userId: string, id: string): Promise<TokenRow> {
      const gone = await tokens.delete(userId, id);
      if (!gone) throw new NotFound('Token');
      return gone;
    },
  };
}
