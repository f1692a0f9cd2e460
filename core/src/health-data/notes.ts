import { z } from 'zod';

/**
 * A person's own note and tags on a reading ("after coffee", #travel): health data like the reading
 * itself. The limits are checked on the trimmed text; tags are then normalized (normalizeTags) so
 * "#Travel" and "travel " are one tag.
 */
export const NOTE_MAX_CHARS = 1000;
export const NOTE_MAX_TAGS = 10;
export const NOTE_TAG_MAX_CHARS = 32;

export const readingNoteInputSchema = z.strictObject({
  note: z.string().trim().max(NOTE_MAX_CHARS).default(''),
  tags: z.array(z.string().trim().min(1).max(NOTE_TAG_MAX_CHARS)).max(NOTE_MAX_TAGS).default([]),
});
export type ReadingNoteInput = z.infer<typeof readingNoteInputSchema>;

export const readingNoteOutSchema = z.object({
  readingId: z.string(),
  note: z.string(),
  tags: z.array(z.string()),
  /** null: the reading has no note (an empty note and no tags clears it). */
  updatedAt: z.string().nullable(),
});
export type ReadingNoteOut = z.infer<typeof readingNoteOutSchema>;

/** Tags as stored: no leading "#", one space between words, lower case, each once, in the given order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.normalize('NFC').replace(/^#+/, '').replace(/\s+/g, ' ').trim().toLowerCase();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** A note as stored: NFC, trimmed, line ends as "\n". */
export function normalizeNote(note: string): string {
  return note.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}
