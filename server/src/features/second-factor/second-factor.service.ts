import QRCode from 'qrcode';
import type { Db, Executor } from '../../db/client';
import { Conflict, Forbidden, NotFound } from '../../lib/errors';
import { verifyPassword } from '../accounts';
import type { UsersRepo } from '../accounts';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import { createSecondFactorRepo, type SecondFactorRepo } from './second-factor.repo';
import type { PasskeysService } from './passkeys.service';
import { checkTotpCode, newTotpSecret, totpUri } from './totp';
import { requireSecondFactor, type SecondFactorProof, WrongCode } from './verify-second-factor';

export async function assertCurrentPassword(
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

  /** A new set of recovery codes (the old set is void), inside the caller's transaction. */
  async function issueRecoveryCodes(userId: string, tx: Executor) {
    const codes = generateRecoveryCodes();
    await createSecondFactorRepo(tx).replaceRecoveryCodes(
      userId,
      codes.map((c) => hashRecoveryCode(userId, c)),
      now(),
    );
    return codes;
  }

  return {
    status: (userId: string) => repo.status(userId),

    async startTotpEnrolment(userId: string, currentPassword: string) {
      const user = await assertCurrentPassword(users, userId, currentPassword);
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

    /** Proves the app was set up with a first code; turns TOTP on and returns new recovery codes. */
    async confirmTotp(userId: string, code: string): Promise<string[]> {
      const totp = await repo.findTotp(userId);
      if (!totp) throw new Conflict('Start setting up an authenticator app first.', 'totp_not_enrolling');
      if (totp.confirmedAt)
        throw new Conflict('The authenticator app is already set up.', 'totp_already_enabled');
      const check = checkTotpCode({ secret: totp.secret, code, now: now(), lastUsedStep: null });
      if (!check.ok)
        throw new WrongCode('That code is not valid: check the time on your phone and try the next one.');
      return db.transaction(async (tx) => {
        if (!(await createSecondFactorRepo(tx).confirmTotp(userId, check.step, now()))) {
          throw new Conflict('The authenticator app is already set up.', 'totp_already_enabled');
        }
        return issueRecoveryCodes(userId, tx);
      });
    },

    /**
     * Turns TOTP off, proven by any second factor the account has (a lost phone: a recovery code or a
     * passkey); with no passkey left, the recovery codes go too (they stand in for a factor).
     */
    async disableTotp(userId: string, currentPassword: string, proof: SecondFactorProof | undefined) {
      await assertCurrentPassword(users, userId, currentPassword);
      const totp = await repo.findTotp(userId);
      if (!totp?.confirmedAt) throw new NotFound('Authenticator app');
      await requireSecondFactor(deps, userId, proof);
      await db.transaction(async (tx) => {
        const r = createSecondFactorRepo(tx);
        await r.deleteTotp(userId);
        if ((await r.countPasskeys(userId)) === 0) await r.deleteRecoveryCodes(userId);
      });
    },

    async regenerateRecoveryCodes(userId: string, currentPassword: string): Promise<string[]> {
      await assertCurrentPassword(users, userId, currentPassword);
      if (!(await repo.isEnabled(userId))) {
        throw new Conflict('Turn on a second factor first.', 'second_factor_off');
      }
      return db.transaction((tx) => issueRecoveryCodes(userId, tx));
    },
  };
}
