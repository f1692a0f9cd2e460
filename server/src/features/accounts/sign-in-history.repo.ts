import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditEvents } from '../audit';

/** What the account's own audit trail says about past sign-ins (one user's rows only). */
export function createSignInHistoryRepo(db: Executor) {
  return {
    async hasSignedInBefore(userId: string): Promise<boolean> {
      const [row] = await db
        .select({ n: sql<number>`1` })
        .from(auditEvents)
        .where(and(eq(auditEvents.userId, userId), eq(auditEvents.action, 'login_succeeded')))
        .limit(1);
      return Boolean(row);
    },
    async hasSignedInWith(userId: string, userAgent: string): Promise<boolean> {
      const [row] = await db
        .select({ n: sql<number>`1` })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.userId, userId),
            eq(auditEvents.action, 'login_succeeded'),
            eq(auditEvents.userAgent, userAgent),
          ),
        )
        .limit(1);
      return Boolean(row);
    },
  };
}
