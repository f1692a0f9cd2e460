import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { privacyRequests } from './privacy-requests.schema';

export type PrivacyRequestRow = typeof privacyRequests.$inferSelect;

export function createPrivacyRequestsRepo(db: Executor) {
  return {
    async insert(row: typeof privacyRequests.$inferInsert, tx: Executor = db): Promise<PrivacyRequestRow> {
      const [created] = await tx.insert(privacyRequests).values(row).returning();
      return created!;
    },

    async list(userId: string, tx: Executor = db): Promise<PrivacyRequestRow[]> {
      return tx
        .select()
        .from(privacyRequests)
        .where(eq(privacyRequests.userId, userId))
        .orderBy(desc(privacyRequests.createdAt))
        .limit(500);
    },

    async find(userId: string, id: string, tx: Executor = db): Promise<PrivacyRequestRow | undefined> {
      const [row] = await tx
        .select()
        .from(privacyRequests)
        .where(and(eq(privacyRequests.userId, userId), eq(privacyRequests.id, id)));
      return row;
    },

    async update(
      userId: string,
      id: string,
      patch: Partial<Pick<PrivacyRequestRow, 'status' | 'answer' | 'answeredAt' | 'updatedAt'>>,
      tx: Executor = db,
    ): Promise<PrivacyRequestRow | undefined> {
      const [row] = await tx
        .update(privacyRequests)
        .set(patch)
        .where(and(eq(privacyRequests.userId, userId), eq(privacyRequests.id, id)))
        .returning();
      return row;
    },

    /**
     * The operator's queue across accounts: what is owed and by when. Metadata only (no message):
     * reading a request's content goes through the access point (privacy-requests.operator.ts).
     */
    async queue(opts: { overdueBefore?: string; limit: number }, tx: Executor = db) {
      return tx
        .select({
          id: privacyRequests.id,
          userId: privacyRequests.userId,
          kind: privacyRequests.kind,
          status: privacyRequests.status,
          dueOn: privacyRequests.dueOn,
          createdAt: privacyRequests.createdAt,
        })
        .from(privacyRequests)
        .where(
          and(
            inArray(privacyRequests.status, ['open', 'in_progress']),
            opts.overdueBefore ? lt(privacyRequests.dueOn, opts.overdueBefore) : undefined,
          ),
        )
        .orderBy(asc(privacyRequests.dueOn), asc(privacyRequests.createdAt))
        .limit(opts.limit);
    },

    /** Whose request an id is (the operator names requests by id alone). */
    async ownerOf(id: string, tx: Executor = db): Promise<string | undefined> {
      const [row] = await tx
        .select({ userId: privacyRequests.userId })
        .from(privacyRequests)
        .where(eq(privacyRequests.id, id));
      return row?.userId;
    },
  };
}
