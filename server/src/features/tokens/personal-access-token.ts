import { PERSONAL_ACCESS_TOKEN_PREFIX } from '@vitalbase/core';
import { randomToken, splitUserToken } from '../../lib/tokens';

/**
 * A personal access token is `vbp_<userId>.<secret>`: the prefix marks it as ours (secret scanners,
 * people reading a leaked log), the user id sends the lookup to one user's rows.
 */
export function newPersonalAccessToken(userId: string): { token: string; secret: string } {
  const secret = randomToken();
  return { token: `${PERSONAL_ACCESS_TOKEN_PREFIX}${userId}.${secret}`, secret };
}

/** The user id and secret of a well-formed token; undefined for anything else. */
export function parsePersonalAccessToken(token: string): { userId: string; secret: string } | undefined {
  if (!token.startsWith(PERSONAL_ACCESS_TOKEN_PREFIX)) return undefined;
  return splitUserToken(token.slice(PERSONAL_ACCESS_TOKEN_PREFIX.length));
}
