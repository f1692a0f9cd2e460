import type { PolicyDocument } from '@vitalbase/core';
import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';
import { policyAcceptances, policyAnnouncements, policyVersions } from './policies.schema';

export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type PolicyAcceptanceRow = typeof policyAcceptances.$inferSelect;

export function createPoliciesRepo(db: Executor) {
  return {
    /** The whole catalog (a few versions per year), oldest effective date first. */
    async allVersions(tx: Executor = db): Promise<PolicyVersionRow[]> {
      return tx
        .select()
        .from(policyVersions)
        .orderBy(asc(policyVersions.document), asc(policyVersions.effectiveAt));
    },

    /** Adds a version; false when (document, version) exists already. */
    async insertVersion(row: typeof policyVersions.$inferInsert, tx: Executor = db): Promise<boolean> {
      const inserted = await tx
        .insert(policyVersions)
        .values(row)
        .onConflictDoNothing()
        .returning({ version: policyVersions.version });
      return inserted.length > 0;
    },

    async acceptances(userId: string, tx: Executor = db): Promise<PolicyAcceptanceRow[]> {
      return tx
        .select()
        .from(policyAcceptances)
        .where(eq(policyAcceptances.userId, userId))
        .orderBy(asc(policyAcceptances.acceptedAt));
    },

    /** Records an acceptance once; accepting the same version again keeps the first time. */
    async accept(row: typeof policyAcceptances.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(policyAcceptances).values(row).onConflictDoNothing();
    },

    async userCreatedAt(userId: string, tx: Executor = db): Promise<Date | undefined> {
      const [row] = await tx.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, userId));
      return row?.createdAt;
    },

    /**
     * The next active accounts not yet told about a version, by user id (the announcement job's one
     * cross-account read: it needs the address of every active account, like a security alert).
     */
    async unannouncedActiveUsers(
      document: PolicyDocument,
      version: string,
      limit: number,
      tx: Executor = db,
    ): Promise<Array<{ id: string; email: string; displayName: string }>> {
      return tx
        .select({ id: users.id, email: users.email, displayName: users.displayName })
        .from(users)
        .where(
          and(
            eq(users.state, 'active'),
            notExists(
              tx
                .select({ one: sql`1` })
                .from(policyAnnouncements)
                .where(
                  and(
                    eq(policyAnnouncements.userId, users.id),
                    eq(policyAnnouncements.document, document),
                    eq(policyAnnouncements.version, version),
                  ),
                ),
            ),
          ),
        )
        .orderBy(asc(users.id))
        .limit(limit);
    },

    /** Marks one user as told; false when another run got there first (then it must not mail again). */
    async markAnnounced(row: typeof policyAnnouncements.$inferInsert, tx: Executor = db): Promise<boolean> {
      const inserted = await tx
        .insert(policyAnnouncements)
        .values(row)
        .onConflictDoNothing()
        .returning({ userId: policyAnnouncements.userId });
      return inserted.length > 0;
    },
  };
}
