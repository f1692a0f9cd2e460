import { and, asc, count, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  passkeys,
  recoveryCodes,
  secondFactorAttempts,
  totpCredentials,
  webauthnChallenges,
} from './second-factor.schema';

export type TotpRow = typeof totpCredentials.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
export type NewPasskey = typeof passkeys.$inferInsert;
export type WebauthnCeremony = (typeof webauthnChallenges.$inferSelect)['ceremony'];

export interface SecondFactorStatus {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** Every query names one user: the second factor is per account, never looked up across accounts. */
export function createSecondFactorRepo(db: Executor) {
  return {
    /** True when the user has a confirmed TOTP or at least one passkey: sign-in then asks for it. */
    async isEnabled(userId: string, tx: Executor = db): Promise<boolean> {
      const [totp] = await tx
        .select({ n: sql<number>`1` })
        .from(totpCredentials)
        .where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt)));
      if (totp) return true;
      const [key] = await tx
        .select({ n: sql<number>`1` })
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .limit(1);
      return Boolean(key);
    },

    async status(userId: string): Promise<SecondFactorStatus> {
      const totp = await this.findTotp(userId);
      return {
        totp: Boolean(totp?.confirmedAt),
        passkeys: await this.countPasskeys(userId),
        recoveryCodesLeft: await this.countRecoveryCodesLeft(userId),
      };
    },

    // --- TOTP ---
    async findTotp(userId: string, tx: Executor = db): Promise<TotpRow | undefined> {
      const [row] = await tx.select().from(totpCredentials).where(eq(totpCredentials.userId, userId));
      return row;
    },
    /** A new, unconfirmed secret (replaces an earlier unconfirmed one). */
    async putPendingTotp(userId: string, secret: string, now: Date, tx: Executor = db): Promise<void> {
      await tx
        .insert(totpCredentials)
        .values({ userId, secret, createdAt: now })
        .onConflictDoUpdate({
          target: totpCredentials.userId,
          set: { secret, confirmedAt: null, lastUsedStep: null, createdAt: now },
          setWhere: isNull(totpCredentials.confirmedAt),
        });
    },
    /** Marks the pending secret confirmed by a code of `step`; false if it was not pending. */
    async confirmTotp(userId: string, step: number, now: Date, tx: Executor = db): Promise<boolean> {
      const done = await tx
        .update(totpCredentials)
        .set({ confirmedAt: now, lastUsedStep: step })
        .where(and(eq(totpCredentials.userId, userId), isNull(totpCredentials.confirmedAt)))
        .returning({ userId: totpCredentials.userId });
      return done.length === 1;
    },
    /**
     * Records `step` as used, only if it is later than the last one used: two requests racing with the
     * same code cannot both win. False means the step was already used.
     */
    async useTotpStep(userId: string, step: number, tx: Executor = db): Promise<boolean> {
      const done = await tx
        .update(totpCredentials)
        .set({ lastUsedStep: step })
        .where(
          and(
            eq(totpCredentials.userId, userId),
            isNotNull(totpCredentials.confirmedAt),
            or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step)),
          ),
        )
        .returning({ userId: totpCredentials.userId });
      return done.length === 1;
    },
    async deleteTotp(userId: string, tx: Executor = db): Promise<void> {
      await tx.delete(totpCredentials).where(eq(totpCredentials.userId, userId));
    },

    // --- Recovery codes ---
    async replaceRecoveryCodes(
      userId: string,
      codeHashes: string[],
      now: Date,
      tx: Executor = db,
    ): Promise<void> {
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      if (codeHashes.length) {
        await tx
          .insert(recoveryCodes)
          .values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
      }
    },
    /** Spends an unused code; false if there is no such unused code. */
    async useRecoveryCode(userId: string, codeHash: string, now: Date, tx: Executor = db): Promise<boolean> {
      const done = await tx
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(recoveryCodes.userId, userId),
            eq(recoveryCodes.codeHash, codeHash),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ userId: recoveryCodes.userId });
      return done.length === 1;
    },
    async countRecoveryCodesLeft(userId: string, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      return Number(row?.n ?? 0);
    },
    async deleteRecoveryCodes(userId: string, tx: Executor = db): Promise<void> {
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    },

    // --- Passkeys ---
    async listPasskeys(userId: string, tx: Executor = db): Promise<PasskeyRow[]> {
      return tx
        .select()
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
    },
    async countPasskeys(userId: string, tx: Executor = db): Promise<number> {
      const [row] = await tx.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId));
      return Number(row?.n ?? 0);
    },
    async findPasskeyByCredentialId(userId: string, credentialId: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(passkeys)
        .where(and(eq(passkeys.userId, userId), eq(passkeys.credentialId, credentialId)));
      return row;
    },
    async insertPasskey(row: NewPasskey, tx: Executor = db): Promise<PasskeyRow> {
      const [created] = await tx.insert(passkeys).values(row).returning();
      return created!;
    },
    async recordPasskeyUse(userId: string, id: string, counter: number, now: Date, tx: Executor = db) {
      await tx
        .update(passkeys)
        .set({ counter, lastUsedAt: now })
        .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)));
    },
    /** The deleted passkey, or undefined when this user has no such passkey (→ 404). */
    async deletePasskey(userId: string, id: string, tx: Executor = db): Promise<PasskeyRow | undefined> {
      const [gone] = await tx
        .delete(passkeys)
        .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)))
        .returning();
      return gone;
    },

    // --- WebAuthn challenges ---
    async putChallenge(
      userId: string,
      ceremony: WebauthnCeremony,
      challenge: string,
      expiresAt: Date,
      tx: Executor = db,
    ): Promise<void> {
      await tx
        .insert(webauthnChallenges)
        .values({ userId, ceremony, challenge, expiresAt })
        .onConflictDoUpdate({
          target: [webauthnChallenges.userId, webauthnChallenges.ceremony],
          set: { challenge, expiresAt },
        });
    },
    /** Takes (deletes) the challenge: it serves one verification, and only until it expires. */
    async takeChallenge(userId: string, ceremony: WebauthnCeremony, now: Date, tx: Executor = db) {
      const [row] = await tx
        .delete(webauthnChallenges)
        .where(and(eq(webauthnChallenges.userId, userId), eq(webauthnChallenges.ceremony, ceremony)))
        .returning();
      return row && row.expiresAt.getTime() > now.getTime() ? row.challenge : undefined;
    },

    // --- Failed attempts of a pending sign-in ---
    /** Counts one more wrong answer for this pending session; returns the count so far. */
    async addFailure(userId: string, sessionId: string, now: Date, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .insert(secondFactorAttempts)
        .values({ userId, sessionId, failures: 1, updatedAt: now })
        .onConflictDoUpdate({
          target: [secondFactorAttempts.userId, secondFactorAttempts.sessionId],
          set: { failures: sql`${secondFactorAttempts.failures} + 1`, updatedAt: now },
        })
        .returning({ failures: secondFactorAttempts.failures });
      return row!.failures;
    },
    async clearFailures(userId: string, sessionId: string, tx: Executor = db): Promise<void> {
      await tx
        .delete(secondFactorAttempts)
        .where(and(eq(secondFactorAttempts.userId, userId), eq(secondFactorAttempts.sessionId, sessionId)));
    },
  };
}
export type SecondFactorRepo = ReturnType<typeof createSecondFactorRepo>;
