import { normalizeNote, normalizeTags, type ReadingNoteInput, type ReadingNoteOut } from '@vitalbase/core';
import type { Db } from '../../db/client';
import { NotFound } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts';
import type { NotesRepo } from './notes.repo';
import type { ReadingsRepo } from './readings.repo';

export interface NotesDeps {
  db: Db;
  now: () => Date;
  readings: Pick<ReadingsRepo, 'find'>;
  notes: Pick<NotesRepo, 'upsert' | 'remove'>;
}

/**
 * The user's note and tags on one of their readings. A reading that is not theirs, or deleted, is not
 * found (404); an empty note without tags is no note. The text is health data: it goes in no log and
 * no error message.
 */
export function createNotesService(deps: NotesDeps) {
  return {
    async put(userId: string, readingId: string, input: ReadingNoteInput): Promise<ReadingNoteOut> {
      return deps.db.transaction(async (tx) => {
        await assertMayStoreHealthData(tx, userId);
        if (!(await deps.readings.find(userId, readingId, tx))) throw new NotFound('Reading');
        const value = { note: normalizeNote(input.note), tags: normalizeTags(input.tags) };
        if (!value.note && !value.tags.length) {
          await deps.notes.remove(userId, readingId, tx);
          return { readingId, note: '', tags: [], updatedAt: null };
        }
        const row = await deps.notes.upsert(userId, readingId, value, deps.now(), tx);
        return { readingId, note: row.note, tags: row.tags, updatedAt: row.updatedAt.toISOString() };
      });
    },

    async remove(userId: string, readingId: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        if (!(await deps.readings.find(userId, readingId, tx))) throw new NotFound('Reading');
        await deps.notes.remove(userId, readingId, tx);
      });
    },
  };
}
