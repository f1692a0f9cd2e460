import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type AccountTokenPurpose, accountTokens } from './accounts.schema';

export type AccountTokenRow = typeof accountTokens.$inferSelect;

export function createAccountTokensRepo(db: Executor) {
  return {
    async insert(row: typeof accountTokens.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(accountTokens).values(row);
    },
    /** A newer link of the same kind voids the older ones (only the latest mail works). */
    async voidUnused(
      userId: string,
      purpose: AccountTokenPurpose,
      now: Date,
      tx: Executor = db,
    ): Promise<void> {
      await tx
        .update(accountTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(accountTokens.userId, userId),
            eq(accountTokens.purpose, purpose),
            isNull(accountTokens.usedAt),
          ),
        );
    },
    async find(userId: string, tokenHash: string, tx: Executor = db): Promise<AccountTokenRow | undefined> {
      const [row] = await tx
        .select()
        .from(accountTokens)
        .where(and(eq(accountTokens.userId, userId), eq(accountTokens.tokenHash, tokenHash)));
      return row;
    },
    /** Marks the token used if it is still valid; the one caller that wins gets the row back. */
    async consume(
      userId: string,
      tokenHash: string,
      purpose: AccountTokenPurpose,
      now: Date,
      tx: Executor = db,
    ): Promise<AccountTokenRow | undefined> {
      const [row] = await tx
        .update(accountTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(accountTokens.userId, userId),
            eq(accountTokens.tokenHash, tokenHash),
            eq(accountTokens.purpose, purpose),
            isNull(accountTokens.usedAt),
            gt(accountTokens.expiresAt, now),
          ),
        )
        .returning();
      return row;
    },
  };
}
export type AccountTokensRepo = ReturnType<typeof createAccountTokensRepo>;
