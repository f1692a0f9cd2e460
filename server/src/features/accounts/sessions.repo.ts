import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { sessions, users } from './accounts.schema';
import type { UserRow } from './users.repo';

export type SessionRow = typeof sessions.$inferSelect;

export function createSessionsRepo(db: Executor) {
  return {
    async insert(row: typeof sessions.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(sessions).values(row);
    },
    /** The session with its account's state, in one statement (the auth hook's read on every request). */
    async findActive(
      userId: string,
      id: string,
      now: Date,
    ): Promise<(SessionRow & { accountState: UserRow['state'] }) | undefined> {
      const [row] = await db
        .select({ session: sessions, accountState: users.state })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id), gt(sessions.expiresAt, now)));
      return row && { ...row.session, accountState: row.accountState };
    },
    async listActive(userId: string, now: Date): Promise<SessionRow[]> {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now), eq(sessions.stage, 'full')))
        .orderBy(desc(sessions.lastSeenAt));
    },
    async touch(userId: string, id: string, now: Date, extendTo: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ lastSeenAt: now, expiresAt: extendTo })
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)));
    },
    /** The session passed a second factor now (a step-up, or a factor set up in it); false if gone. */
    async markSecondFactor(userId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(sessions)
        .set({ secondFactorAt: at })
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id), eq(sessions.stage, 'full')))
        .returning({ id: sessions.id });
      return rows.length > 0;
    },
    /** Ends a session and answers it (undefined if it was already gone: one of two racers wins). */
    async take(userId: string, id: string, tx: Executor = db): Promise<SessionRow | undefined> {
      const [row] = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
        .returning();
      return row;
    },
    /** Returns how many rows went: 0 means no such session of this user (→ 404). */
    async delete(userId: string, id: string, tx: Executor = db): Promise<number> {
      const gone = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
        .returning({ id: sessions.id });
      return gone.length;
    },
    async deleteAllExcept(userId: string, keepId: string | undefined, tx: Executor = db): Promise<number> {
      const gone = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), keepId ? ne(sessions.id, keepId) : undefined))
        .returning({ id: sessions.id });
      return gone.length;
    },
    async knownUserAgent(userId: string, userAgent: string): Promise<boolean> {
      const [row] = await db
        .select({ n: sql<number>`1` })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.userAgent, userAgent)))
        .limit(1);
      return Boolean(row);
    },
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
