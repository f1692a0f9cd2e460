import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults, the ones every authenticator app supports. */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a clock 30 s off, or a code typed as it rolled over, is still accepted. */
const TOTP_WINDOW = 1;
const ISSUER = 'Vitalbase';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = '') {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The `otpauth://totp/…` URI that authenticator apps read from the QR code. */
export function totpUri(secretBase32: string, accountLabel: string): string {
  return totp(secretBase32, accountLabel).toString();
}

/** The code an authenticator shows at `at` (tests and tools only; the server only verifies). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

export function totpStepAt(at: Date): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: at.getTime() });
}

export type TotpCheck =
  | { ok: true; step: number }
  | { ok: false; reason: 'wrong_code' | 'code_already_used' };

/**
 * Checks a code at `now` within ±1 step. A code whose time step is at or before the last one accepted
 * is refused, so a code seen over someone's shoulder (or phished) cannot be used a second time; the
 * caller stores the returned step as the new last one.
 */
export function checkTotpCode(opts: {
  secret: string;
  code: string;
  now: Date;
  lastUsedStep: number | null;
}): TotpCheck {
  const token = opts.code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'wrong_code' };
  const delta = totp(opts.secret).validate({ token, timestamp: opts.now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'wrong_code' };
  const step = totpStepAt(opts.now) + delta;
  if (opts.lastUsedStep !== null && step <= opts.lastUsedStep)
    return { ok: false, reason: 'code_already_used' };
  return { ok: true, step };
}
