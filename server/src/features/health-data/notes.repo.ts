import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { healthReadingNotes } from './health-data.schema';

export type ReadingNoteRow = typeof healthReadingNotes.$inferSelect;

const NOTES_OF_READINGS = {
  name: 'notes_of_readings',
  text: `SELECT reading_id, note, tags, created_at, updated_at FROM health_reading_notes
    WHERE user_id = $1::uuid AND reading_id = ANY($2::uuid[])`,
};
interface NoteRow {
  reading_id: string;
  note: string;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}

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
      // On every page of readings: a named prepared statement, mapped by hand (issue 17).
      const rows = await hotQuery<NoteRow>(tx, NOTES_OF_READINGS, [userId, [...readingIds]]);
      return new Map(
        rows.map((r) => [
          r.reading_id,
          {
            userId,
            readingId: r.reading_id,
            note: r.note,
            tags: r.tags,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          },
        ]),
      );
    },
  };
}
export type NotesRepo = ReturnType<typeof createNotesRepo>;
