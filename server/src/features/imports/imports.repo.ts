import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { healthImports } from './imports.schema';

export type ImportRow = typeof healthImports.$inferSelect;
type ImportState = ImportRow['state'];

/** The imports of users; every query but the maintenance sweep is bound to one user. */
export function createImportsRepo(db: Executor) {
  const h = healthImports;
  const one = (userId: string, id: string) => and(eq(h.userId, userId), eq(h.id, id));
  return {
    async insert(row: typeof h.$inferInsert, tx: Executor = db): Promise<ImportRow> {
      const [out] = await tx.insert(h).values(row).returning();
      return out!;
    },

    async find(userId: string, id: string, tx: Executor = db): Promise<ImportRow | undefined> {
      const [row] = await tx.select().from(h).where(one(userId, id));
      return row;
    },

    /** Newest first. */
    async list(userId: string, limit: number, tx: Executor = db): Promise<ImportRow[]> {
      return tx
        .select()
        .from(h)
        .where(eq(h.userId, userId))
        .orderBy(desc(h.createdAt), desc(h.id))
        .limit(limit);
    },

    async countInStates(userId: string, states: ImportState[], tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(h)
        .where(and(eq(h.userId, userId), inArray(h.state, states)));
      return row!.n;
    },

    /** Moves the received offset from `from` to `to`, only if it still is `from` (two tabs, one file). */
    async advanceReceived(
      userId: string,
      id: string,
      from: number,
      to: number,
      now: Date,
      tx: Executor = db,
    ) {
      const [row] = await tx
        .update(h)
        .set({ bytesReceived: to, updatedAt: now })
        .where(and(one(userId, id), eq(h.state, 'uploading'), eq(h.bytesReceived, from)))
        .returning();
      return row;
    },

    async setState(
      userId: string,
      id: string,
      from: ImportState[],
      set: Partial<typeof h.$inferInsert> & { state: ImportState },
      tx: Executor = db,
    ): Promise<ImportRow | undefined> {
      const [row] = await tx
        .update(h)
        .set(set)
        .where(and(one(userId, id), inArray(h.state, from)))
        .returning();
      return row;
    },

    /** After a stored batch, in its transaction: where the job is, so a restart resumes there. */
    async checkpoint(
      userId: string,
      id: string,
      set: Pick<ImportRow, 'progress' | 'resume' | 'report'> & { updatedAt: Date },
      tx: Executor = db,
    ) {
      await tx
        .update(h)
        .set(set)
        .where(and(one(userId, id), eq(h.state, 'running')));
    },

    /**
     * For the sweep: imports waiting in the queue with no worker, and running ones silent since
     * `staleBefore` (their server stopped): each is run again from its checkpoint.
     */
    async findAbandoned(queuedBefore: Date, staleBefore: Date, tx: Executor = db) {
      return tx
        .select({ userId: h.userId, id: h.id })
        .from(h)
        .where(
          or(
            and(eq(h.state, 'queued'), lt(h.updatedAt, queuedBefore)),
            and(eq(h.state, 'running'), lt(h.updatedAt, staleBefore)),
          ),
        )
        .limit(100);
    },

    /** Finds an earlier import of the same file (same SHA-256) by this user, still in place. */
    async findSameFile(userId: string, sha256: string, exceptId: string, tx: Executor = db) {
      const [row] = await tx
        .select({ id: h.id })
        .from(h)
        .where(
          and(
            eq(h.userId, userId),
            eq(h.fileSha256, sha256),
            eq(h.state, 'done'),
            sql`${h.id} <> ${exceptId}`,
          ),
        )
        .limit(1);
      return row;
    },
  };
}
