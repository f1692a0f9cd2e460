import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { deviceSyncRequests } from './devices.schema';

export type SyncRequestRow = typeof deviceSyncRequests.$inferSelect;

/** The idempotency records of device sync requests. */
export function createSyncRepo(db: Executor) {
  return {
    /**
     * Takes the key; false when it is already taken. On PostgreSQL a concurrent request with the same
     * key waits here until the first one commits, then finds its record.
     */
    async claimKey(
      row: { userId: string; deviceId: string; key: string; requestHash: string },
      tx: Executor = db,
    ): Promise<boolean> {
      const inserted = await tx
        .insert(deviceSyncRequests)
        .values({ ...row, response: {} })
        .onConflictDoNothing()
        .returning({ key: deviceSyncRequests.key });
      return inserted.length === 1;
    },
    async find(
      userId: string,
      deviceId: string,
      key: string,
      tx: Executor = db,
    ): Promise<SyncRequestRow | undefined> {
      const [row] = await tx
        .select()
        .from(deviceSyncRequests)
        .where(
          and(
            eq(deviceSyncRequests.userId, userId),
            eq(deviceSyncRequests.deviceId, deviceId),
            eq(deviceSyncRequests.key, key),
          ),
        );
      return row;
    },
    async saveResponse(userId: string, deviceId: string, key: string, response: unknown, tx: Executor = db) {
      await tx
        .update(deviceSyncRequests)
        .set({ response })
        .where(
          and(
            eq(deviceSyncRequests.userId, userId),
            eq(deviceSyncRequests.deviceId, deviceId),
            eq(deviceSyncRequests.key, key),
          ),
        );
    },
    /** Keys are kept long enough for any retry (30 days by default), then purged by the devices job. */
    async purgeBefore(cutoff: Date, tx: Executor = db): Promise<number> {
      const rows = await tx
        .delete(deviceSyncRequests)
        .where(lt(deviceSyncRequests.createdAt, cutoff))
        .returning({ key: deviceSyncRequests.key });
      return rows.length;
    },
  };
}
export type SyncRepo = ReturnType<typeof createSyncRepo>;
