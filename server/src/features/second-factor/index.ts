import type { AppContext } from '../../lib/context';
import { createUsersRepo } from '../accounts';
import { createPasskeysService } from './passkeys.service';
import { createSecondFactorRepo } from './second-factor.repo';
import { requireSecondFactor, type SecondFactorProof } from './verify-second-factor';

/** The second-factor feature's public face: what other features may use of it. */

export { perAccountRateLimit } from './rate-limits';
export { assertCurrentPassword } from './second-factor.service';
export {
  proofOf,
  type SecondFactorProof,
} from './verify-second-factor';
export { secondFactorProofFields } from './webauthn-input';

/**
 * The second-factor check of a security action (account erasure…), built from the app's context:
 * `require(userId, proof)` passes when the account has no second factor on or the proof is right.
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
  const verifier = { repo, passkeys, now: ctx.now };
  return {
    require: (userId: string, proof: SecondFactorProof | undefined) =>
      requireSecondFactor(verifier, userId, proof),
  };
}
export { labelSchema } from './input';
export { registerSecondFactor } from './second-factor.routes';
export { createSecondFactorRepo } from './second-factor.repo';
export { passkeys, recoveryCodes, secondFactorAttempts, totpCredentials } from './second-factor.schema';
export { recordSecurityChange } from './security-change';
