import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { healthReadingNotes } from './health-data.schema';

export type ReadingNoteRow = typeof healthReadingNotes.$inferSelect;

/** Notes and tags on readings; every query is bound to one user. */
export function createNotesRepo(db: Executor) {
  const n = healthReadingNotes;
  return {
    async upsert(
      userId: string,
      readingId: string,
      value: { note: string; tags: string[] },
      now: Date,
      tx: Executor = db,
    ): Promise<ReadingNoteRow> {
      const [row] = await tx
        .insert(n)
        .values({ userId, readingId, ...value, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: [n.userId, n.readingId], set: { ...value, updatedAt: now } })
        .returning();
      return row!;
    },

    async remove(userId: string, readingId: string, tx: Executor = db): Promise<void> {
      await tx.delete(n).where(and(eq(n.userId, userId), eq(n.readingId, readingId)));
    },

    /** The notes of these readings, by reading id (readings without one are absent). */
    async forReadings(
      userId: string,
      readingIds: readonly string[],
      tx: Executor = db,
    ): Promise<Map<string, ReadingNoteRow>> {
      if (!readingIds.length) return new Map();
      const rows = await tx
        .select()
        .from(n)
        .where(and(eq(n.userId, userId), inArray(n.readingId, [...readingIds])));
      return new Map(rows.map((r) => [r.readingId, r]));
    },
  };
}
export type NotesRepo = ReturnType<typeof createNotesRepo>;
