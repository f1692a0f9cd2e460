import { and, asc, count, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { personalAccessTokens } from './tokens.schema';

export type TokenRow = typeof personalAccessTokens.$inferSelect;
export type NewToken = typeof personalAccessTokens.$inferInsert;

export function createTokensRepo(db: Executor) {
  return {
    async insert(row: NewToken, tx: Executor = db): Promise<TokenRow> {
      const [created] = await tx.insert(personalAccessTokens).values(row).returning();
      return created!;
    },
    async list(userId: string, tx: Executor = db): Promise<TokenRow[]> {
      return tx
        .select()
        .from(personalAccessTokens)
        .where(eq(personalAccessTokens.userId, userId))
        .orderBy(asc(personalAccessTokens.createdAt), asc(personalAccessTokens.id));
    },
    async findBySecretHash(
      userId: string,
      secretHash: string,
      tx: Executor = db,
    ): Promise<TokenRow | undefined> {
      const [row] = await tx
        .select()
        .from(personalAccessTokens)
        .where(and(eq(personalAccessTokens.userId, userId), eq(personalAccessTokens.secretHash, secretHash)));
      return row;
    },
    async touch(userId: string, id: string, at: Date, tx: Executor = db): Promise<void> {
      await tx
        .update(personalAccessTokens)
        .set({ lastUsedAt: at })
        .where(and(eq(personalAccessTokens.userId, userId), eq(personalAccessTokens.id, id)));
    },
    /** The deleted row, or undefined when this user has no such token (→ 404). */
    async delete(userId: string, id: string, tx: Executor = db): Promise<TokenRow | undefined> {
      const [gone] = await tx
        .delete(personalAccessTokens)
        .where(and(eq(personalAccessTokens.userId, userId), eq(personalAccessTokens.id, id)))
        .returning();
      return gone;
    },
    async count(userId: string, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: count() })
        .from(personalAccessTokens)
        .where(eq(personalAccessTokens.userId, userId));
      return Number(row?.n ?? 0);
    },
  };
}
export type TokensRepo = ReturnType<typeof createTokensRepo>;
