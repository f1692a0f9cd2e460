import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/client';
import { type PageOptions, readingNotePages } from '../health-data';
import { localIso } from './export-format';

/**
 * csv/reading_notes.csv: the person's own notes and tags on readings, with the reading's id (the
 * `id` of data.json's readings) and its local and UTC time, so a note can be put back beside its values.
 */
export async function* readingNotesCsv(
  db: Executor,
  userId: string,
  pages: PageOptions,
  advance: (rows: number) => void,
): AsyncGenerator<string> {
  yield stringify([['reading_id', 'local_time', 'utc_time', 'note', 'tags', 'updated_at']]);
  for await (const page of readingNotePages(db, userId, pages)) {
    yield stringify(
      page.map((n) => [
        n.readingId,
        localIso(n.takenAt.getTime(), n.utcOffsetMinutes),
        n.takenAt.toISOString(),
        n.note,
        n.tags.join(' | '),
        n.updatedAt.toISOString(),
      ]),
    );
    advance(page.length);
  }
}
