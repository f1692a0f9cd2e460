import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { idColumn, userIdColumn } from '../../db/columns';

export const exportStatuses = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/**
 * "Download my data" (P17, P18): one row per export a user asked for. The ZIP itself is a file under
 * the exports dir (`<exportsDir>/<user_id>/<id>.zip`), never in the database; the row says where it
 * stands. Rows stay after the file expires so the user sees the expired state; erasure removes both.
 */
export const privacyExports = pgTable(
  'privacy_exports',
  {
    userId: userIdColumn(),
    id: idColumn(),
    status: text('status', { enum: exportStatuses }).notNull().default('queued'),
    /** 0–100, written every few pages while the job runs. */
    progress: integer('progress').notNull().default(0),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** Heartbeat of a running build: a build silent for long is taken for dead (server stopped). */
    touchedAt: timestamp('touched_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Set when ready: after it the download answers 410 and the file is deleted. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    /** A short reason for a failed export, for the user (never data, never a stack). */
    failure: text('failure'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    // At most one export queued or running per user: the database says no to a second one.
    uniqueIndex('privacy_exports_one_open').on(t.userId).where(sql`status in ('queued', 'running')`),
    // The maintenance job's scan (queued, stale, expired) across users, like other operator sweeps.
    index('privacy_exports_status').on(t.status),
  ],
);
