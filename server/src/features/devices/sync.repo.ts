import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import { DEVICE_COLUMNS, type DeviceRow } from './devices.repo';
import { deviceSyncRequests } from './devices.schema';

export type SyncRequestRow = typeof deviceSyncRequests.$inferSelect;

const FINISH_SYNC = `WITH device AS (
    UPDATE devices SET last_sync_at = $4::timestamptz, firmware = $5::text,
      battery = coalesce($6::int, battery), wifi_network = coalesce($7::text, wifi_network)
    WHERE user_id = $1::uuid AND id = $2::uuid
  ), used AS (
    UPDATE users SET last_active_at = $4::timestamptz
    WHERE id = $1::uuid AND (last_active_at IS NULL OR last_active_at < $4::timestamptz - interval '24 hours')
  )
  UPDATE device_sync_requests SET response = $8::jsonb
  WHERE user_id = $1::uuid AND device_id = $2::uuid AND key = $3::text`;

/**
 * The device's row and the key claimed in one statement (issue 17): the key is taken only for a
 * paired device whose credential hash is $5 (so a wrong credential writes nothing); the caller still
 * checks the credential itself (device-auth.ts, in constant time) and answers 401 from the row. On
 * PostgreSQL a concurrent request with the same key waits here until the first one commits, then
 * finds its record.
 */
const CLAIM_FOR_DEVICE = {
  name: 'device-sync-claim-for-device',
  text: `WITH claim AS (
      INSERT INTO device_sync_requests (user_id, device_id, key, request_hash, response)
      SELECT $1::uuid, $2::uuid, $3::text, $4::text, '{}'::jsonb
      WHERE EXISTS (SELECT 1 FROM devices WHERE user_id = $1::uuid AND id = $2::uuid
        AND credential_hash = $5::text AND unpaired_at IS NULL)
      ON CONFLICT DO NOTHING RETURNING key
    )
    SELECT ${DEVICE_COLUMNS}, EXISTS (SELECT 1 FROM claim) AS claimed
    FROM devices WHERE user_id = $1::uuid AND id = $2::uuid`,
};

/** The idempotency records of device sync requests. */
export function createSyncRepo(db: Executor) {
  return {
    /**
     * CLAIM_FOR_DEVICE: the device the credential names (undefined when none), and whether the key
     * was taken for this request (false: taken before, or the credential is not the device's).
     */
    async claimForDevice(
      row: { userId: string; deviceId: string; key: string; requestHash: string; credentialHash: string },
      tx: Executor = db,
    ): Promise<{ device: DeviceRow | undefined; claimed: boolean }> {
      const [found] = await hotQuery<DeviceRow & { claimed: boolean }>(tx, CLAIM_FOR_DEVICE, [
        row.userId,
        row.deviceId,
        row.key,
        row.requestHash,
        row.credentialHash,
      ]);
      if (!found) return { device: undefined, claimed: false };
      const { claimed, ...device } = found;
      return { device, claimed };
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
     * Wi-Fi kept when not reported), the answer saved under its key, and the owner's account marked
     * used (P21: an authenticated sync is use; at most one write a day, as accounts' markAccountActive).
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
