import type { PolicyDocument } from '@vitalbase/core';
import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';
import { policyAcceptances, policyAnnouncements, policyVersions } from './policies.schema';

export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type PolicyAcceptanceRow = typeof policyAcceptances.$inferSelect;
/** What the policy gate needs of a user's records (policy-rules.ts `pendingAcceptance`). */
export type PolicyRecord = Pick<PolicyAcceptanceRow, 'document' | 'version' | 'method'>;

/**
 * The user's records as `acceptances` orders them, as one JSON array, over the session's user ($1):
 * selected in the session lookup's statement on every browser request (issue 17), so the policy gate
 * costs no statement of its own. Plugged into accounts in features/index.ts.
 */
export const POLICY_RECORDS_OF_SESSION_USER = `SELECT coalesce(json_agg(json_build_object(
    'document', a.document, 'version', a.version, 'method', a.method) ORDER BY a.accepted_at, a.document), '[]'::json)
  FROM policy_acceptances a WHERE a.user_id = $1::uuid`;

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

    /** The account's language (the summaries of /api/me/policies are shown in it). */
    async localeOf(userId: string, tx: Executor = db): Promise<string | undefined> {
      const [row] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
      return row?.locale;
    },

    async acceptances(userId: string, tx: Executor = db): Promise<PolicyAcceptanceRow[]> {
      return (
        tx
          .select()
          .from(policyAcceptances)
          .where(eq(policyAcceptances.userId, userId))
          // A sign-up records both documents at one instant: the document name orders them.
          .orderBy(asc(policyAcceptances.acceptedAt), asc(policyAcceptances.document))
      );
    },

    /** Records an acceptance once; accepting the same version again keeps the first time. */
    async accept(row: typeof policyAcceptances.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(policyAcceptances).values(row).onConflictDoNothing();
    },

    /**
     * Every account made before `before` with no acceptance of `document` is recorded as having
     * accepted the version in force when it was made (the first version if it predates them all), at
     * its creation time, method `implied`. Run once, when the operator's own texts replace the borrowed
     * ones (policy-seed.ts): the one cross-account write here, like the announcement job's read.
     */
    async recordImpliedAcceptances(document: PolicyDocument, before: Date, tx: Executor = db): Promise<void> {
      const versionAt = (createdAt: unknown) => sql`(
        SELECT v.version FROM ${policyVersions} v
        WHERE v.document = ${document} AND v.effective_at <= ${createdAt}
        ORDER BY v.effective_at DESC LIMIT 1)`;
      const first = sql`(
        SELECT v.version FROM ${policyVersions} v
        WHERE v.document = ${document} ORDER BY v.effective_at ASC LIMIT 1)`;
      await tx.execute(sql`
        INSERT INTO ${policyAcceptances} (user_id, document, version, accepted_at, method)
        SELECT u.id, ${document}, COALESCE(${versionAt(sql`u.created_at`)}, ${first}), u.created_at, 'implied'
        FROM ${users} u
        WHERE u.created_at < ${before.toISOString()}
          AND NOT EXISTS (
            SELECT 1 FROM ${policyAcceptances} a WHERE a.user_id = u.id AND a.document = ${document})
        ON CONFLICT DO NOTHING`);
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
    ): Promise<Array<{ id: string; email: string; displayName: string; locale: string }>> {
      return tx
        .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
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
