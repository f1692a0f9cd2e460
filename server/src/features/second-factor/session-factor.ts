import type { SecondFactorMethod } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { Auth } from '../../lib/auth';
import { type AppError, Forbidden } from '../../lib/errors';
import { createSecondFactorRepo } from './second-factor.repo';

type SessionAuth = Extract<Auth, { via: 'session' }>;

/** The 403 a session gets where it must pass the account's second factor first (the web asks for it). */
const STEP_UP_REQUIRED = 'second_factor_step_up_required';

/** The ways this account can pass its second factor now (the step-up form offers these). */
async function methodsOf(db: Executor, userId: string): Promise<SecondFactorMethod[]> {
  const status = await createSecondFactorRepo(db).status(userId);
  return [
    ...(status.totp ? (['totp'] as const) : []),
    ...(status.recoveryCodesLeft > 0 ? (['recovery_code'] as const) : []),
    ...(status.passkeys > 0 ? (['passkey'] as const) : []),
  ];
}

function stepUpRequired(methods: SecondFactorMethod[]) {
  return new Forbidden(
    'Give your second factor again in this browser to open this page (POST /api/me/second-factor/session).',
    STEP_UP_REQUIRED,
    { methods },
  );
}

/**
 * The one check of the staff gates (clinics, operator console; issues #15, #16): the account has a
 * second factor on (else `notEnrolled`) AND this session passed it (sessions.second_factor_at: the
 * second step of its sign-in, a step-up in it, or the factor set up in it). An account that set a
 * factor up in another browser does not open staff pages from a session signed in with the password
 * alone: it is asked for the factor (403 `second_factor_step_up_required`, `details.methods`).
 */
export async function requireSessionSecondFactor(
  db: Executor,
  auth: SessionAuth,
  notEnrolled: () => AppError,
): Promise<void> {
  if (!(await createSecondFactorRepo(db).isEnabled(auth.userId))) throw notEnrolled();
  if (!auth.secondFactorAt) throw stepUpRequired(await methodsOf(db, auth.userId));
}

/**
 * Adding a factor (a passkey, an authenticator app) to an account that has one already needs a session
 * that passed it: else a stolen password-only session could add its own factor and pass with it. The
 * account's first factor needs none (there is nothing to pass).
 */
export async function requireSessionMayAddFactor(db: Executor, auth: SessionAuth): Promise<void> {
  if (auth.secondFactorAt) return;
  if (await createSecondFactorRepo(db).isEnabled(auth.userId)) {
    throw stepUpRequired(await methodsOf(db, auth.userId));
  }
}
