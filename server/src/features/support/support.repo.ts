import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { supportGrants, supportMessages, supportRequests } from './support.schema';

export type SupportRequestRow = typeof supportRequests.$inferSelect;
export type SupportMessageRow = typeof supportMessages.$inferSelect;
export type SupportGrantRow = typeof supportGrants.$inferSelect;

/**
 * SQL of support requests, their threads and grants. Every query names the user whose request it is
 * (the rows are the user's); the console's queue is the one read across users, on its index.
 */
export function createSupportRepo(db: Executor) {
  return {
    async insertRequest(row: typeof supportRequests.$inferInsert, tx: Executor = db) {
      const [saved] = await tx.insert(supportRequests).values(row).returning();
      return saved!;
    },
    async listRequests(userId: string, tx: Executor = db): Promise<SupportRequestRow[]> {
      return tx
        .select()
        .from(supportRequests)
        .where(eq(supportRequests.userId, userId))
        .orderBy(desc(supportRequests.createdAt), desc(supportRequests.id))
        .limit(200);
    },
    async findRequest(userId: string, id: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(supportRequests)
        .where(and(eq(supportRequests.userId, userId), eq(supportRequests.id, id)));
      return row;
    },
    async updateRequest(
      userId: string,
      id: string,
      patch: Partial<typeof supportRequests.$inferInsert>,
      tx: Executor = db,
    ) {
      const [row] = await tx
        .update(supportRequests)
        .set(patch)
        .where(and(eq(supportRequests.userId, userId), eq(supportRequests.id, id)))
        .returning();
      return row;
    },
    /** Open requests, oldest first, with who wrote last (the queue index: state, created_at, id). */
    async openQueue(limit: number, tx: Executor = db) {
      return tx
        .select({
          request: supportRequests,
          lastAuthor: sql<'user' | 'support' | null>`(
            select m.author from ${supportMessages} m
            where m.user_id = ${supportRequests.userId} and m.request_id = ${supportRequests.id}
            order by m.created_at desc limit 1)`,
        })
        .from(supportRequests)
        .where(eq(supportRequests.state, 'open'))
        .orderBy(asc(supportRequests.createdAt), asc(supportRequests.id))
        .limit(limit);
    },

    async insertMessage(row: typeof supportMessages.$inferInsert, tx: Executor = db) {
      const [saved] = await tx.insert(supportMessages).values(row).returning();
      return saved!;
    },
    async messages(userId: string, requestId: string, tx: Executor = db): Promise<SupportMessageRow[]> {
      return tx
        .select()
        .from(supportMessages)
        .where(and(eq(supportMessages.userId, userId), eq(supportMessages.requestId, requestId)))
        .orderBy(asc(supportMessages.createdAt), asc(supportMessages.id));
    },

    async insertGrant(row: typeof supportGrants.$inferInsert, tx: Executor = db) {
      const [saved] = await tx.insert(supportGrants).values(row).returning();
      return saved!;
    },
    async grants(userId: string, requestId: string, tx: Executor = db): Promise<SupportGrantRow[]> {
      return tx
        .select()
        .from(supportGrants)
        .where(and(eq(supportGrants.userId, userId), eq(supportGrants.requestId, requestId)))
        .orderBy(asc(supportGrants.askedAt), asc(supportGrants.id));
    },
    async updateGrant(
      userId: string,
      requestId: string,
      id: string,
      patch: Partial<typeof supportGrants.$inferInsert>,
      tx: Executor = db,
    ) {
      const [row] = await tx
        .update(supportGrants)
        .set(patch)
        .where(
          and(
            eq(supportGrants.userId, userId),
            eq(supportGrants.requestId, requestId),
            eq(supportGrants.id, id),
          ),
        )
        .returning();
      return row;
    },
  };
}
