import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fhirExportFiles, fhirExports } from './fhir.schema';

export type FhirExportRow = typeof fhirExports.$inferSelect;
export type NewFhirExport = typeof fhirExports.$inferInsert;

/** Bulk Data exports and their files; every query but the sweep's scan is bound to one user. */
export function createBulkExportRepo(db: Executor) {
  const e = fhirExports;
  const f = fhirExportFiles;
  return {
    async insert(row: NewFhirExport & { userId: string }, tx: Executor = db): Promise<FhirExportRow> {
      const [created] = await tx.insert(e).values(row).returning();
      return created!;
    },

    async find(userId: string, id: string, tx: Executor = db): Promise<FhirExportRow | undefined> {
      const [row] = await tx
        .select()
        .from(e)
        .where(and(eq(e.userId, userId), eq(e.id, id)));
      return row;
    },

    async countOpen(userId: string, clientId: string, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(e)
        .where(and(eq(e.userId, userId), eq(e.clientId, clientId), inArray(e.status, ['queued', 'running'])));
      return Number(row?.n ?? 0);
    },

    /** Moves a queued (or stale running) export to running; false when another worker has it. */
    async claim(
      userId: string,
      id: string,
      now: Date,
      staleBefore: Date,
      tx: Executor = db,
    ): Promise<boolean> {
      const rows = await tx
        .update(e)
        .set({ status: 'running', startedAt: now, done: 0 })
        .where(
          and(
            eq(e.userId, userId),
            eq(e.id, id),
            or(eq(e.status, 'queued'), and(eq(e.status, 'running'), lt(e.startedAt, staleBefore))),
          ),
        )
        .returning({ id: e.id });
      return rows.length > 0;
    },

    async update(
      userId: string,
      id: string,
      patch: Partial<NewFhirExport>,
      tx: Executor = db,
    ): Promise<void> {
      await tx
        .update(e)
        .set(patch)
        .where(and(eq(e.userId, userId), eq(e.id, id)));
    },

    async insertFile(row: typeof fhirExportFiles.$inferInsert, tx: Executor = db): Promise<void> {
      await tx.insert(f).values(row);
    },

    /** The manifest's list: no content. */
    async listFiles(userId: string, exportId: string, tx: Executor = db) {
      return tx
        .select({ seq: f.seq, resourceType: f.resourceType, count: f.count })
        .from(f)
        .where(and(eq(f.userId, userId), eq(f.exportId, exportId)))
        .orderBy(asc(f.seq));
    },

    async file(userId: string, exportId: string, seq: number, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(f)
        .where(and(eq(f.userId, userId), eq(f.exportId, exportId), eq(f.seq, seq)));
      return row;
    },

    async deleteFiles(userId: string, exportId: string, tx: Executor = db): Promise<void> {
      await tx.delete(f).where(and(eq(f.userId, userId), eq(f.exportId, exportId)));
    },

    async delete(userId: string, id: string, tx: Executor = db): Promise<void> {
      await tx.delete(f).where(and(eq(f.userId, userId), eq(f.exportId, id)));
      await tx.delete(e).where(and(eq(e.userId, userId), eq(e.id, id)));
    },

    /**
     * A clinic's Group export: one row per patient, all under one id (the status URL's), made by one
     * backend client. Found by (id, client) across its patients, like the sweep's scan.
     */
    async findGroup(id: string, clientId: string, tx: Executor = db): Promise<FhirExportRow[]> {
      return tx
        .select()
        .from(e)
        .where(and(eq(e.id, id), eq(e.clientId, clientId)))
        .orderBy(asc(e.userId));
    },

    async countOpenOfClient(clientId: string, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(e)
        .where(and(eq(e.clientId, clientId), inArray(e.status, ['queued', 'running'])));
      return Number(row?.n ?? 0);
    },

    /** The files of a Group export's patients, in manifest order (patient, then file). */
    async listGroupFiles(id: string, userIds: string[], tx: Executor = db) {
      if (!userIds.length) return [];
      return tx
        .select({ userId: f.userId, seq: f.seq, resourceType: f.resourceType, count: f.count })
        .from(f)
        .where(and(inArray(f.userId, userIds), eq(f.exportId, id)))
        .orderBy(asc(f.userId), asc(f.seq));
    },

    /**
     * The sweep's work list across users (identifiers only): exports waiting, running for too long
     * (their server stopped), and expired ones.
     */
    async due(now: Date, staleBefore: Date, tx: Executor = db) {
      return tx
        .select({ userId: e.userId, id: e.id, status: e.status })
        .from(e)
        .where(
          or(
            eq(e.status, 'queued'),
            and(eq(e.status, 'running'), lt(e.startedAt, staleBefore)),
            lt(e.expiresAt, now),
          ),
        )
        .limit(500);
    },
  };
}
