import { randomBytes } from 'node:crypto';
import { hashToken } from '../../lib/tokens';

/** Crockford's base32: no I, L, O or U, so a code read out or printed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An invitation's secret: 16 characters (80 random bits) in groups of four, `7KQ2-M9XD-…`, short
 * enough to print on an enrolment sheet and type on a phone. Only its hash is stored.
 */
export function newInvitationCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as typed (any case, spaces or dashes, O for 0, I and L for 1) to its stored hash. */
export function invitationCodeHash(typed: string): string {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return hashToken(code);
}
