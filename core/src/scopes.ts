import { z } from 'zod';

/**
 * What a personal access token may be allowed to do. A fixed list: routes name one of these in
 * `requireUser(req, scope)`. No scope reaches the account's own security (sessions, second factor,
 * tokens, password, email): those routes take a browser session only.
 */
export const tokenScopes = [
  'profile:read',
  'health:read',
  'health:write',
  'devices:read',
  'devices:write',
  'export',
] as const;
export type TokenScope = (typeof tokenScopes)[number];
export const tokenScopeSchema = z.enum(tokenScopes);

/** The prefix that marks a personal access token, so scanners and people can recognise a leaked one. */
export const PERSONAL_ACCESS_TOKEN_PREFIX = 'vbp_';
