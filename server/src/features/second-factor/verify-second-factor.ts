import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError, Forbidden } from '../../lib/errors';
import type { PasskeysService, PasskeyPurpose } from './passkeys.service';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';
import type { SecondFactorRepo } from './second-factor.repo';
import { checkTotpCode } from './totp';

/** A second-factor code that is wrong, expired or already used. */
export class WrongCode extends AppError {
  constructor(message = 'That code is not valid.', details?: unknown) {
    super(400, 'invalid_code', message, details);
  }
}

/** What a person gives as their second factor. */
export type SecondFactorProof =
  | { kind: 'totp'; code: string }
  | { kind: 'recovery_code'; code: string }
  | { kind: 'passkey'; response: AuthenticationResponseJSON };

export type SecondFactorCheck =
  | {
      ok: true;
      kind: SecondFactorProof['kind'] /** A passkey's authenticator verified its user. */;
      userVerified?: boolean;
    }
  | { ok: false; reason: 'not_set_up' | 'invalid' | 'already_used' };

export interface SecondFactorVerifier {
  repo: Pick<SecondFactorRepo, 'isEnabled' | 'findTotp' | 'useTotpStep' | 'useRecoveryCode'>;
  passkeys: Pick<PasskeysService, 'authenticate'>;
  now: () => Date;
}

/**
 * The one check of a second factor, for signing in and for the security actions that ask for it again
 * (turning a factor off, deleting the account). A success spends what it checked: the TOTP step, the
 * recovery code, the passkey challenge of `purpose` (a sign-in's challenge cannot serve a step-up).
 */
export async function verifySecondFactor(
  deps: SecondFactorVerifier,
  userId: string,
  proof: SecondFactorProof,
  purpose: PasskeyPurpose,
): Promise<SecondFactorCheck> {
  const { repo, now } = deps;
  switch (proof.kind) {
    case 'totp': {
      const totp = await repo.findTotp(userId);
      if (!totp?.confirmedAt) return { ok: false, reason: 'not_set_up' };
      const check = checkTotpCode({
        secret: totp.secret,
        code: proof.code,
        now: now(),
        lastUsedStep: totp.lastUsedStep,
      });
      if (check.ok && (await repo.useTotpStep(userId, check.step))) return { ok: true, kind: 'totp' };
      // A valid step someone spent meanwhile is a code used twice.
      return {
        ok: false,
        reason: check.ok || check.reason === 'code_already_used' ? 'already_used' : 'invalid',
      };
    }
    case 'recovery_code': {
      const canonical = normalizeRecoveryCode(proof.code);
      const spent =
        canonical !== undefined &&
        (await repo.useRecoveryCode(userId, hashRecoveryCode(userId, canonical), now()));
      return spent ? { ok: true, kind: 'recovery_code' } : { ok: false, reason: 'invalid' };
    }
    case 'passkey': {
      const key = await deps.passkeys.authenticate(userId, proof.response, purpose);
      return key
        ? { ok: true, kind: 'passkey', userVerified: key.userVerified }
        : { ok: false, reason: 'invalid' };
    }
  }
}

/** What a person is told of a refused second factor. */
export function wrongAnswer(
  kind: SecondFactorProof['kind'],
  reason: 'not_set_up' | 'invalid' | 'already_used',
) {
  if (kind === 'passkey') return 'The passkey could not be verified: ask for new options and try again.';
  if (kind === 'recovery_code') return 'That recovery code is not valid or was already used.';
  return reason === 'already_used'
    ? 'That code was already used: wait for the next one.'
    : 'That code is not valid.';
}

/** A typed code: six digits are an authenticator app's, anything else is tried as a recovery code. */
function codeProof(code: string): SecondFactorProof {
  return /^\s*\d{3}\s?\d{3}\s*$/.test(code) ? { kind: 'totp', code } : { kind: 'recovery_code', code };
}

/**
 * The fields a security action's body carries to prove the second factor: a code (TOTP or recovery)
 * or a passkey's answer to the step-up options (POST /api/me/second-factor/passkey/options).
 */
export function proofOf(input: { code?: string; passkey?: unknown }): SecondFactorProof | undefined {
  if (input.passkey) return { kind: 'passkey', response: input.passkey as AuthenticationResponseJSON };
  return input.code ? codeProof(input.code) : undefined;
}

/**
 * A security action on an account with a second factor on needs one (any kind the account has): none
 * given is 403 `second_factor_required`, a wrong one 400 `invalid_code`. Without one on, nothing to do.
 */
export async function requireSecondFactor(
  deps: SecondFactorVerifier,
  userId: string,
  proof: SecondFactorProof | undefined,
): Promise<void> {
  if (!(await deps.repo.isEnabled(userId))) return;
  if (!proof) {
    throw new Forbidden(
      'Give a code from your authenticator app, a recovery code, or use your passkey.',
      'second_factor_required',
    );
  }
  const check = await verifySecondFactor(deps, userId, proof, 'step_up');
  if (check.ok) return;
  throw new WrongCode(wrongAnswer(proof.kind, check.reason));
}
