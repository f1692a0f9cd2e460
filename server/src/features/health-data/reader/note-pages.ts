import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { keysetAfter, keysetPages, keysetTime } from '../../../db/keyset';
import { healthReadingNotes, healthReadings } from '../health-data.schema';
import type { PageOptions } from './export-pages';

export interface ExportNote {
  readingId: string;
  takenAt: Date;
  utcOffsetMinutes: number;
  note: string;
  tags: string[];
  updatedAt: Date;
}

/** The user's notes on readings, with the reading's time, oldest reading first (the archive's notes CSV). */
export async function* readingNotePages(
  db: Executor,
  userId: string,
  opts: PageOptions,
): AsyncGenerator<ExportNote[]> {
  const n = healthReadingNotes;
  const r = healthReadings;
  const key = [
    { column: r.takenAt, type: 'timestamptz' },
    { column: n.readingId, type: 'uuid' },
  ] as const;
  yield* keysetPages(
    opts.pageRows,
    async (after) => {
      const rows = await db
        .select({
          readingId: n.readingId,
          takenAt: r.takenAt,
          cursorAt: keysetTime(r.takenAt),
          utcOffsetMinutes: r.utcOffsetMinutes,
          note: n.note,
          tags: n.tags,
          updatedAt: n.updatedAt,
        })
        .from(n)
        .innerJoin(r, and(eq(r.userId, userId), eq(r.id, n.readingId)))
        .where(and(eq(n.userId, userId), keysetAfter([...key], after)))
        .orderBy(asc(r.takenAt), asc(n.readingId))
        .limit(opts.pageRows);
      opts.probe?.('readingNotes', rows.length);
      return rows;
    },
    (last) => [last.cursorAt, last.readingId],
  );
}
