import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, userIdColumn } from '../../db/columns';

export const fhirExportStatuses = ['queued', 'running', 'ready', 'failed'] as const;
export type FhirExportStatus = (typeof fhirExportStatuses)[number];

/**
 * FHIR Bulk Data exports a partner app started for its patient (`GET /fhir/R4/Patient/$export`). The
 * export belongs to the (user, app) pair: only that app's tokens for that user see its status and
 * files. Rows and files are deleted when the export expires, and with the account at erasure.
 */
export const fhirExports = pgTable(
  'fhir_exports',
  {
    userId: userIdColumn(),
    id: idColumn(),
    clientId: text('client_id').notNull(),
    /** The scopes of the token that started it: the run reads no more than they open. */
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    types: jsonb('types').$type<string[]>().notNull(),
    since: timestamp('since', { withTimezone: true }),
    /** The kick-off URL, echoed in the manifest as the spec asks (it carries parameters, no data). */
    requestUrl: text('request_url').notNull(),
    status: text('status', { enum: fhirExportStatuses }).notNull().default('queued'),
    /** Resources written so far and expected, for X-Progress. */
    done: integer('done').notNull().default(0),
    expected: integer('expected').notNull().default(0),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The manifest's transactionTime: data changed after it is not in the files. */
    transactionTime: timestamp('transaction_time', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** A short reason, for the app (never data). */
    failure: text('failure'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    // The scheduled sweep's scan (queued, stale, expired) across users, like other operator sweeps.
    index('fhir_exports_status').on(t.status),
  ],
);

/** The NDJSON files of an export, one row per file (a resource type, split every few thousand lines). */
export const fhirExportFiles = pgTable(
  'fhir_export_files',
  {
    userId: userIdColumn(),
    exportId: uuid('export_id').notNull(),
    seq: integer('seq').notNull(),
    resourceType: text('resource_type').notNull(),
    count: integer('count').notNull(),
    content: text('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.exportId, t.seq] })],
);
