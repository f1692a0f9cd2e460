import type { AppContext } from '../../lib/context';
import { createUsersRepo } from '../accounts';
import { createPasskeysService } from './passkeys.service';
import { createSecondFactorRepo } from './second-factor.repo';
import { requireStepUp, type StepUpInput } from './step-up';

/** The second-factor feature's public face: what other features may use of it. */

export { perAccountRateLimit } from './rate-limits';
export {
  proofOf,
  type SecondFactorProof,
} from './verify-second-factor';
export { secondFactorProofFields } from './webauthn-input';
export { reauthenticating } from './step-up';

/**
 * The re-authentication of another feature's security action (account erasure), built from the app's
 * context: `stepUp(userId, input)` passes with the password (and a second factor when the account has
 * one on), or with a passkey that verified its user (step-up.ts).
 */
export function createSecondFactorCheck(ctx: AppContext) {
  const db = ctx.database.db;
  const repo = createSecondFactorRepo(db);
  const passkeys = createPasskeysService({
    db,
    repo,
    users: createUsersRepo(db),
    publicUrl: ctx.config.publicUrl,
    now: ctx.now,
  });
  const verifier = { repo, passkeys, users: createUsersRepo(db), now: ctx.now };
  return {
    stepUp: (userId: string, input: StepUpInput) => requireStepUp(verifier, userId, input),
  };
}
export { labelSchema } from './input';
export { registerSecondFactor } from './second-factor.routes';
export { createSecondFactorRepo } from './second-factor.repo';
export { passkeys, recoveryCodes, secondFactorAttempts, totpCredentials } from './second-factor.schema';
export { recordSecurityChange } from './security-change';
export { requireSessionSecondFactor } from './session-factor';
