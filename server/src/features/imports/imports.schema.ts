import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt, userIdColumn } from '../../db/columns';

/**
 * One import of a person's history (issue #18): a file uploaded in chunks (resumable), then parsed and
 * stored by a job that checkpoints `resume` so a restart goes on where it stopped. Everything it adds
 * carries its id (`import_id` on readings and sessions, source key `import:<id>` on series days), so
 * undo removes exactly that. `file_sha256` finds a re-upload of the same file. `report` holds counts
 * and refused rows (line and reason, never a value).
 */
export const healthImports = pgTable(
  'health_imports',
  {
    userId: userIdColumn(),
    id: idColumn(),
    format: text('format', { enum: ['withings_archive', 'apple_health', 'fhir', 'csv'] }).notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256'),
    bytesTotal: bigint('bytes_total', { mode: 'number' }).notNull(),
    bytesReceived: bigint('bytes_received', { mode: 'number' }).notNull().default(0),
    state: text('state', {
      enum: ['uploading', 'queued', 'running', 'done', 'failed', 'undoing', 'undone'],
    })
      .notNull()
      .default('uploading'),
    /** CSV column mapping, or other per-format options chosen by the user. */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb('progress').$type<Record<string, number>>().notNull().default({}),
    /** Where the job stopped (format-specific checkpoint), so a restart resumes. */
    resume: jsonb('resume').$type<Record<string, unknown>>(),
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('health_imports_user_sha_idx').on(t.userId, t.fileSha256),
  ],
);
