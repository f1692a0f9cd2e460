import QRCode from 'qrcode';
import type { Db } from '../../db/client';
import { Conflict, NotFound } from '../../lib/errors';
import type { UsersRepo } from '../accounts';
import { issueRecoveryCodes } from './recovery-codes';
import { createSecondFactorRepo, type SecondFactorRepo } from './second-factor.repo';
import type { PasskeysService } from './passkeys.service';
import { checkTotpCode, newTotpSecret, totpUri } from './totp';
import { requireStepUp, type StepUpInput, type StepUpLevel } from './step-up';
import { WrongCode } from './verify-second-factor';

/**
 * Turning TOTP on and off and keeping recovery codes: the rules of the account's own second-factor
 * settings. Each call that changes something returns what the route then records as a security event.
 */
export function createSecondFactorService(deps: {
  db: Db;
  repo: SecondFactorRepo;
  users: Pick<UsersRepo, 'findById'>;
  passkeys: Pick<PasskeysService, 'authenticate'>;
  now: () => Date;
}) {
  const { db, repo, users, now } = deps;
  const stepUp = (userId: string, input: StepUpInput, level?: StepUpLevel) =>
    requireStepUp(deps, userId, input, level);

  return {
    status: (userId: string) => repo.status(userId),

    /** The re-authentication of a security action (step-up.ts), for the passkey routes too. */
    stepUp,

    /** Adding a factor asks the password, or a passkey that verified its user. */
    async startTotpEnrolment(userId: string, input: StepUpInput) {
      await stepUp(userId, input, 'password');
      const user = await users.findById(userId);
      if (!user) throw new NotFound('Account');
      if ((await repo.findTotp(userId))?.confirmedAt) {
        throw new Conflict(
          'An authenticator app is already set up: turn it off first.',
          'totp_already_enabled',
        );
      }
      const secret = newTotpSecret();
      await repo.putPendingTotp(userId, secret, now());
      const otpauthUri = totpUri(secret, user.email);
      const qrCodeSvg = await QRCode.toString(otpauthUri, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      });
      return { otpauthUri, qrCodeSvg, secret };
    },

    /**
     * Proves the app was set up with a first code and turns TOTP on. Recovery codes come with the
     * account's first second factor only: a user who has a passkey already holds codes, which stay
     * valid (issuing new ones would void the codes they keep, unannounced). Answers the new codes, or
     * undefined when the held ones are kept.
     */
    async confirmTotp(userId: string, code: string): Promise<string[] | undefined> {
      const totp = await repo.findTotp(userId);
      if (!totp) throw new Conflict('Start setting up an authenticator app first.', 'totp_not_enrolling');
      if (totp.confirmedAt)
        throw new Conflict('The authenticator app is already set up.', 'totp_already_enabled');
      const check = checkTotpCode({ secret: totp.secret, code, now: now(), lastUsedStep: null });
      if (!check.ok)
        throw new WrongCode('That code is not valid: check the time on your phone and try the next one.');
      return db.transaction(async (tx) => {
        const r = createSecondFactorRepo(tx);
        const first = (await r.countPasskeys(userId, tx)) === 0;
        if (!(await r.confirmTotp(userId, check.step, now()))) {
          throw new Conflict('The authenticator app is already set up.', 'totp_already_enabled');
        }
        return first ? issueRecoveryCodes(tx, userId, now()) : undefined;
      });
    },

    /**
     * Turns TOTP off after a full step-up: the password and any second factor the account has (a lost
     * phone: a recovery code or a passkey), or a passkey alone that verified its user; with no passkey
     * left, the recovery codes go too (they stand in for a factor).
     */
    async disableTotp(userId: string, input: StepUpInput) {
      const totp = await repo.findTotp(userId);
      if (!totp?.confirmedAt) throw new NotFound('Authenticator app');
      await stepUp(userId, input);
      await db.transaction(async (tx) => {
        const r = createSecondFactorRepo(tx);
        await r.deleteTotp(userId);
        if ((await r.countPasskeys(userId)) === 0) await r.deleteRecoveryCodes(userId);
      });
    },

    async regenerateRecoveryCodes(userId: string, input: StepUpInput): Promise<string[]> {
      await stepUp(userId, input, 'password');
      if (!(await repo.isEnabled(userId))) {
        throw new Conflict('Turn on a second factor first.', 'second_factor_off');
      }
      return db.transaction((tx) => issueRecoveryCodes(tx, userId, now()));
    },
  };
}
