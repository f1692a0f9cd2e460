import { and, asc, eq, getTableColumns, gt, lt } from 'drizzle-orm';
import { sameOrigin } from './same-origin';
import type { Executor } from '../../db/client';
import { keysetAfter, keysetTime } from '../../db/keyset';
import { notDeleted } from './reader/tombstones';
import { healthSessions } from './health-data.schema';

export type SessionRow = typeof healthSessions.$inferSelect;
export type NewSession = typeof healthSessions.$inferInsert;

/** What a deleted session keeps: its span and type, for "changed since", and nothing of its content. */
export const sessionTombstone = (now: Date) => ({
  deletedAt: now,
  updatedAt: now,
  stages: [],
  events: [],
  metrics: [],
  route: [],
  clientRef: null,
  workoutType: null,
});

/** Sleep and workout sessions; every query is bound to one user. */
export function createSessionsRepo(db: Executor) {
  const s = healthSessions;
  return {
    /** Same type, start and source device; a device's deleted session counts, so a resend does not revive it. */
    async findDuplicate(
      userId: string,
      q: { type: 'sleep' | 'workout'; startAt: Date; source: string; deviceId: string | null },
      tx: Executor = db,
    ): Promise<SessionRow | undefined> {
      const [row] = await tx
        .select()
        .from(s)
        .where(and(eq(s.userId, userId), eq(s.type, q.type), eq(s.startAt, q.startAt), sameOrigin(s, q)))
        .limit(1);
      return row;
    },

    async insert(row: NewSession, tx: Executor = db): Promise<SessionRow> {
      const [out] = await tx.insert(s).values(row).returning();
      return out!;
    },

    async find(userId: string, id: string, tx: Executor = db): Promise<SessionRow | undefined> {
      const [row] = await tx
        .select()
        .from(s)
        .where(and(eq(s.userId, userId), eq(s.id, id), notDeleted(s)));
      return row;
    },

    /** Sessions overlapping [from, to), oldest first, after the keyset cursor (start_at, id). */
    async list(
      userId: string,
      q: {
        type?: 'sleep' | 'workout';
        from: Date;
        to: Date;
        after?: { startAt: string; id: string };
        limit: number;
      },
      tx: Executor = db,
    ): Promise<Array<SessionRow & { cursorAt: string }>> {
      return tx
        .select({ ...getTableColumns(s), cursorAt: keysetTime(s.startAt) })
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            notDeleted(s),
            q.type ? eq(s.type, q.type) : undefined,
            lt(s.startAt, q.to),
            gt(s.endAt, q.from),
            keysetAfter(
              [
                { column: s.startAt, type: 'timestamptz' },
                { column: s.id, type: 'uuid' },
              ],
              q.after && [q.after.startAt, q.after.id],
            ),
          ),
        )
        .orderBy(asc(s.startAt), asc(s.id))
        .limit(q.limit);
    },

    async changedSince(
      userId: string,
      since: Date,
      after: { updatedAt: string; id: string } | undefined,
      limit: number,
      tx: Executor = db,
    ): Promise<Array<SessionRow & { cursorAt: string }>> {
      return tx
        .select({ ...getTableColumns(s), cursorAt: keysetTime(s.updatedAt) })
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            gt(s.updatedAt, since),
            keysetAfter(
              [
                { column: s.updatedAt, type: 'timestamptz' },
                { column: s.id, type: 'uuid' },
              ],
              after && [after.updatedAt, after.id],
            ),
          ),
        )
        .orderBy(asc(s.updatedAt), asc(s.id))
        .limit(limit);
    },

    /** Erases the session's content and keeps a tombstone for "changed since". */
    async softDelete(userId: string, id: string, now: Date, tx: Executor = db) {
      await tx
        .update(s)
        .set(sessionTombstone(now))
        .where(and(eq(s.userId, userId), eq(s.id, id)));
    },
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
