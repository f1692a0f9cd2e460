import { and, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { privacyExports } from './export.schema';

export type ExportRow = typeof privacyExports.$inferSelect;

/** Affected rows as each driver reports them (node-postgres: rowCount, PGlite: affectedRows). */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

/** The export requests of users; every query but the maintenance sweeps is bound to one user. */
export function createExportRepo(db: Executor) {
  const e = privacyExports;
  return {
    /** Answers undefined when the user already has one queued or running (the partial unique index). */
    async insertQueued(userId: string, now: Date, tx: Executor = db): Promise<ExportRow | undefined> {
      const [row] = await tx.insert(e).values({ userId, requestedAt: now }).onConflictDoNothing().returning();
      return row;
    },

    async find(userId: string, id: string, tx: Executor = db): Promise<ExportRow | undefined> {
      const [row] = await tx
        .select()
        .from(e)
        .where(and(eq(e.userId, userId), eq(e.id, id)));
      return row;
    },

    async findOpen(userId: string, tx: Executor = db): Promise<ExportRow | undefined> {
      const [row] = await tx
        .select()
        .from(e)
        .where(and(eq(e.userId, userId), inArray(e.status, ['queued', 'running'])));
      return row;
    },

    /** Newest first. */
    async list(userId: string, limit: number, tx: Executor = db): Promise<ExportRow[]> {
      return tx
        .select()
        .from(e)
        .where(eq(e.userId, userId))
        .orderBy(desc(e.requestedAt), desc(e.id))
        .limit(limit);
    },

    async countRequestedSince(userId: string, since: Date, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(e)
        .where(and(eq(e.userId, userId), gte(e.requestedAt, since)));
      return Number(row?.n ?? 0);
    },

    /** Takes a queued export for building; false when another worker took it first. */
    async claim(userId: string, id: string, now: Date, tx: Executor = db): Promise<boolean> {
      const result = await tx
        .update(e)
        .set({ status: 'running', startedAt: now, touchedAt: now, progress: 0 })
        .where(and(eq(e.userId, userId), eq(e.id, id), eq(e.status, 'queued')));
      return affected(result) === 1;
    },

    async setProgress(userId: string, id: string, progress: number, now: Date, tx: Executor = db) {
      await tx
        .update(e)
        .set({ progress, touchedAt: now })
        .where(and(eq(e.userId, userId), eq(e.id, id), eq(e.status, 'running')));
    },

    async markReady(
      userId: string,
      id: string,
      done: { now: Date; expiresAt: Date; sizeBytes: number },
      tx: Executor = db,
    ): Promise<boolean> {
      const result = await tx
        .update(e)
        .set({
          status: 'ready',
          progress: 100,
          finishedAt: done.now,
          touchedAt: done.now,
          expiresAt: done.expiresAt,
          sizeBytes: done.sizeBytes,
        })
        .where(and(eq(e.userId, userId), eq(e.id, id), eq(e.status, 'running')));
      return affected(result) === 1;
    },

    async markFailed(userId: string, id: string, failure: string, now: Date, tx: Executor = db) {
      await tx
        .update(e)
        .set({ status: 'failed', failure, finishedAt: now, touchedAt: now })
        .where(and(eq(e.userId, userId), eq(e.id, id), inArray(e.status, ['queued', 'running'])));
    },

    async markExpired(userId: string, id: string, tx: Executor = db) {
      await tx
        .update(e)
        .set({ status: 'expired' })
        .where(and(eq(e.userId, userId), eq(e.id, id), eq(e.status, 'ready')));
    },

    // Maintenance sweeps (the scheduled job): across users by status, through the status index.

    async queuedBefore(before: Date, limit: number, tx: Executor = db): Promise<ExportRow[]> {
      return tx
        .select()
        .from(e)
        .where(and(eq(e.status, 'queued'), lt(e.requestedAt, before)))
        .orderBy(e.requestedAt)
        .limit(limit);
    },

    async runningSilentSince(before: Date, limit: number, tx: Executor = db): Promise<ExportRow[]> {
      return tx
        .select()
        .from(e)
        .where(and(eq(e.status, 'running'), lt(e.touchedAt, before)))
        .limit(limit);
    },

    async readyExpiredBy(now: Date, limit: number, tx: Executor = db): Promise<ExportRow[]> {
      return tx
        .select()
        .from(e)
        .where(and(eq(e.status, 'ready'), lte(e.expiresAt, now)))
        .limit(limit);
    },
  };
}
