import { randomInt } from 'node:crypto';
import type { Executor } from '../../db/client';
import { hashToken } from '../../lib/tokens';
import { createSecondFactorRepo } from './second-factor.repo';

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: codes are read off paper. 31 symbols × 12 = 59 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 12;

/** A fresh set of codes as shown to the user, e.g. `k7dm-3xqa-p9wz`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let raw = '';
    for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
    return raw.match(/.{4}/g)!.join('-');
  });
}

/** The code as typed (any case, spaces or dashes) → its canonical form, or undefined if it cannot be one. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const raw = input.toLowerCase().replace(/[\s-]/g, '');
  return raw.length === LENGTH && [...raw].every((c) => ALPHABET.includes(c)) ? raw : undefined;
}

/**
 * What is stored: sha256 over the user id and the code. The codes are random (59 bits), so a slow
 * password hash is not needed; the user id keeps one precomputed table from serving every account.
 */
export function hashRecoveryCode(userId: string, code: string): string {
  return hashToken(`${userId}:${normalizeRecoveryCode(code) ?? code}`);
}

/**
 * A new set of recovery codes (the old set is void), inside the caller's transaction: with the first
 * second factor of any kind (an authenticator app or a passkey), and when the user asks for a new set.
 */
export async function issueRecoveryCodes(tx: Executor, userId: string, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await createSecondFactorRepo(tx).replaceRecoveryCodes(
    userId,
    codes.map((c) => hashRecoveryCode(userId, c)),
    now,
  );
  return codes;
}
