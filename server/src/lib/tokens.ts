import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** What we keep of a secret token: its SHA-256, so a leaked table opens nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Tokens that name their user (`<userId>.<secret>`), so the lookup goes to one user's rows (one shard
 * on a distributed cluster). Returns undefined for anything malformed.
 */
export function splitUserToken(token: string): { userId: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot !== 36) return undefined;
  const userId = token.slice(0, 36);
  const secret = token.slice(37);
  if (!UUID.test(userId) || secret.length < 20 || secret.length > 100) return undefined;
  return { userId, secret };
}
