import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

const DEVICE_CREDENTIAL_PREFIX = 'vbd_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A device's own credential: `vbd_<userId>.<deviceId>.<secret>`. It names its user and device so the
 * lookup is one row on one user's shard; the row keeps only sha256(secret) (256 random bits need no
 * slow hash). The prefix lets people and scanners recognise a leaked one.
 */
export function newDeviceCredential(userId: string, deviceId: string): { credential: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return {
    credential: `${DEVICE_CREDENTIAL_PREFIX}${userId}.${deviceId}.${secret}`,
    hash: hashSecret(secret),
  };
}

export function parseDeviceCredential(
  credential: string,
): { userId: string; deviceId: string; secret: string } | undefined {
  if (!credential.startsWith(DEVICE_CREDENTIAL_PREFIX)) return undefined;
  const [userId, deviceId, secret, ...rest] = credential.slice(DEVICE_CREDENTIAL_PREFIX.length).split('.');
  if (rest.length || !userId || !deviceId || !secret) return undefined;
  if (!UUID.test(userId) || !UUID.test(deviceId) || secret.length < 20 || secret.length > 100)
    return undefined;
  return { userId, deviceId, secret };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Claim codes are short (shown on a small screen), so they get a salted slow hash: a copy of the
 * factory registry does not give them away. Format: `scrypt$<salt>$<hash>`.
 */
export async function hashClaimCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normalizeClaimCode(code), salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyClaimCode(stored: string, code: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const candidate = await scryptAsync(normalizeClaimCode(code), Buffer.from(salt, 'base64url'), 32);
  return sameHash(candidate.toString('base64url'), hash);
}

/** People type codes with spaces, dashes and either case. */
function normalizeClaimCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** MACs are compared as 12 lowercase hex digits, whatever separators were typed. */
export function normalizeMac(mac: string): string {
  return mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}
