import { z } from 'zod';
import { Forbidden, NotFound } from '../../lib/errors';
import { type UsersRepo, verifyPassword } from '../accounts';
import { currentPasswordSchema } from './input';
import {
  proofOf,
  requireSecondFactor,
  type SecondFactorProof,
  type SecondFactorVerifier,
  verifySecondFactor,
  WrongCode,
  wrongAnswer,
} from './verify-second-factor';
import { secondFactorProofFields } from './webauthn-input';

async function assertCurrentPassword(
  users: Pick<UsersRepo, 'findById'>,
  userId: string,
  password: string,
): Promise<{ email: string }> {
  const user = await users.findById(userId);
  if (!user) throw new NotFound('Account');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new Forbidden('The current password is not correct.', 'invalid_password');
  }
  return user;
}

/**
 * The fields a security action's body carries to re-authenticate (step-up): the password, and a code
 * (an authenticator app's or a recovery code) or a passkey's answer to the step-up options.
 */
const stepUpFields = {
  currentPassword: currentPasswordSchema.optional(),
  ...secondFactorProofFields,
};

/**
 * A body that must re-authenticate: without the password and without a passkey there is nothing to
 * check, a 400 on the password field (the form shows it there).
 */
export function reauthenticating<T extends z.ZodType<{ currentPassword?: string; passkey?: unknown }>>(
  schema: T,
) {
  return schema.refine((b) => Boolean(b.currentPassword || b.passkey), {
    path: ['currentPassword'],
    message: 'Give your password, or use your passkey.',
  });
}

/** The body of a security action of the second-factor feature: step-up fields only. */
export const stepUpBody = reauthenticating(z.strictObject(stepUpFields));

/** The step-up input of a body holding `stepUpFields`. */
export function stepUpOf(body: { currentPassword?: string; code?: string; passkey?: unknown }): StepUpInput {
  return { currentPassword: body.currentPassword, proof: proofOf(body) };
}

/** What a security action's body may carry to re-authenticate the person (all optional, see below). */
export interface StepUpInput {
  currentPassword?: string;
  proof?: SecondFactorProof;
}

/**
 * What the action asks beyond the password: `factor` (removing a factor, deleting the account) one of
 * the account's second factors too; `password` (adding a factor, new recovery codes) the password alone.
 */
export type StepUpLevel = 'factor' | 'password';

/**
 * The one re-authentication before a security action (turning a factor off, removing a passkey, new
 * recovery codes, deleting the account), in one of two ways:
 * - a passkey whose authenticator verified its user (PIN or biometrics): something held and something
 *   known or been in one gesture, so it stands in for the password, and a passkey-only person who no
 *   longer types a password can still act;
 * - otherwise the password, plus one of the account's second factors when it has any (a passkey that
 *   did not verify its user counts as that factor).
 * A passkey is proven against the step-up challenge (POST /api/me/second-factor/passkey/options), which
 * a sign-in's challenge cannot serve.
 */
export async function requireStepUp(
  deps: SecondFactorVerifier & { users: Pick<UsersRepo, 'findById'> },
  userId: string,
  input: StepUpInput,
  level: StepUpLevel = 'factor',
): Promise<void> {
  const { proof, currentPassword } = input;
  if (proof?.kind === 'passkey') {
    const check = await verifySecondFactor(deps, userId, proof, 'step_up');
    if (!check.ok) throw new WrongCode(wrongAnswer(proof.kind, check.reason));
    if (check.userVerified) return;
    if (!currentPassword) {
      throw new Forbidden(
        'This security key did not verify you (no PIN or fingerprint): give your password too.',
        'reauthentication_required',
      );
    }
    await assertCurrentPassword(deps.users, userId, currentPassword);
    return;
  }
  if (!currentPassword) {
    throw new Forbidden(
      'Confirm it is you: give your password, or use your passkey.',
      'reauthentication_required',
    );
  }
  await assertCurrentPassword(deps.users, userId, currentPassword);
  if (level === 'factor') await requireSecondFactor(deps, userId, proof);
}
