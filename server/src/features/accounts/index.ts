// The accounts feature's public face: the only file another feature imports (docs/architecture.md).
export { issueLinkToken, linkUrl, peekLinkToken } from './account-links';
export { plugIntoAccounts } from './account-plugs';
export { assertMayStoreHealthData } from './account-state';
export { markAccountActive } from './last-active';
export { createAccountTokensRepo } from './account-tokens.repo';
export { accountJobs } from './accounts.jobs';
export { registerAccounts } from './accounts.routes';
export { accountTokens, sessions, users } from './accounts.schema';
export { type BearerResolver, SESSION_COOKIE, SESSION_IDLE_MS, setSessionCookie } from './auth.hook';
export { mailTemplates } from './mail-templates';
export * from './operator.service';
export { newAccount } from './new-account';
export { hashPassword, verifyPassword } from './password';
export { RATE_LIMITS, rateLimited } from './rate-limits';
export { recordSecurityEvent } from './security-events';
export { createSessionsRepo, type SessionsRepo } from './sessions.repo';
export { type NewSession, renewSession } from './sessions.service';
export { createUsersRepo, normalizeEmail, timeZoneOf, type UserRow, type UsersRepo } from './users.repo';
