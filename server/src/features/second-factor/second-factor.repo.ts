import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { passkeys, totpCredentials } from './second-factor.schema';

export function createSecondFactorRepo(db: Executor) {
  return {
    /** True when the user has a confirmed TOTP or at least one passkey: sign-in then asks for it. */
    async isEnabled(userId: string): Promise<boolean> {
      const [totp] = await db
        .select({ n: sql<number>`1` })
        .from(totpCredentials)
        .where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt)));
      if (totp) return true;
      const [key] = await db.select({ n: sql<number>`1` }).from(passkeys).where(eq(passkeys.userId, userId)).limit(1);
      return Boolean(key);
    },
  };
}
export type SecondFactorRepo = ReturnType<typeof createSecondFactorRepo>;
