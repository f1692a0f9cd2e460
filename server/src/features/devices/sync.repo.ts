import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { deviceSyncRequests } from './devices.schema';

export type SyncRequestRow = typeof deviceSyncRequests.$inferSelect;

const FINISH_SYNC = `WITH device AS (
    UPDATE devices SET last_sync_at = $4::timestamptz, firmware = $5::text,
      battery = coalesce($6::int, battery), wifi_network = coalesce($7::text, wifi_network)
    WHERE user_id = $1::uuid AND id = $2::uuid
  )
  UPDATE device_sync_requests SET response = $8::jsonb
  WHERE user_id = $1::uuid AND device_id = $2::uuid AND key = $3::text`;

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
    /**
     * The end of a sync in one statement (issue 17): the device's state as it reported it (battery and
     * Wi-Fi kept when not reported) and the answer saved under its key.
     */
    async finish(
      ids: { userId: string; deviceId: string; key: string },
      device: { lastSyncAt: Date; firmware: string; battery?: number; wifiNetwork?: string },
      response: unknown,
      tx: Executor = db,
    ): Promise<void> {
      await hotQuery(tx, { name: 'device_sync_finish', text: FINISH_SYNC }, [
        ids.userId,
        ids.deviceId,
        ids.key,
        device.lastSyncAt,
        device.firmware,
        device.battery ?? null,
        device.wifiNetwork ?? null,
        JSON.stringify(response),
      ]);
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
