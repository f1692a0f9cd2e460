import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { hotQuery } from '../../db/hot-sql';
import {
  deviceDiagnostics,
  deviceModels,
  devices,
  firmwareVersions,
  manufacturedUnits,
} from './devices.schema';
import type { ReleasedFirmware } from './firmware';

export type DeviceRow = typeof devices.$inferSelect;
export type NewDevice = typeof devices.$inferInsert;
export type UnitRow = typeof manufacturedUnits.$inferSelect;
export type DeviceModelRow = typeof deviceModels.$inferSelect;
export type NewDiagnostic = typeof deviceDiagnostics.$inferInsert;

/**
 * A device as its credential's check reads it on every device request (issue 17: a sync's first
 * statement): hand-written, the columns named as DeviceRow's fields, the drivers' own Dates.
 */
export const DEVICE_COLUMNS = `user_id AS "userId", id, unit_id AS "unitId", model_id AS "modelId", kind,
  name, serial, firmware, battery, wifi_network AS "wifiNetwork",
  shared_with_household AS "sharedWithHousehold", credential_hash AS "credentialHash",
  credential_issued_at AS "credentialIssuedAt", activated_at AS "activatedAt", last_sync_at AS "lastSyncAt",
  unpaired_at AS "unpairedAt", created_at AS "createdAt"`;
const DEVICE_BY_ID = {
  name: 'device-by-id',
  text: `SELECT ${DEVICE_COLUMNS} FROM devices WHERE user_id = $1::uuid AND id = $2::uuid`,
};

/** SQL of devices and the factory registry. Every query on `devices` names its user. */
export function createDevicesRepo(db: Executor) {
  return {
    async listModels(tx: Executor = db): Promise<DeviceModelRow[]> {
      return tx.select().from(deviceModels).orderBy(asc(deviceModels.id));
    },
    async findModel(id: string, tx: Executor = db): Promise<DeviceModelRow | undefined> {
      const [row] = await tx.select().from(deviceModels).where(eq(deviceModels.id, id));
      return row;
    },
    /** The model's published versions, as the firmware advice reads them (firmware.ts). */
    async firmwareOf(modelId: string, tx: Executor = db): Promise<ReleasedFirmware[]> {
      return tx
        .select({
          version: firmwareVersions.version,
          required: firmwareVersions.required,
          fileUrl: firmwareVersions.fileUrl,
          sha256: firmwareVersions.sha256,
        })
        .from(firmwareVersions)
        .where(eq(firmwareVersions.modelId, modelId));
    },

    async findUnit(by: { serial?: string; mac?: string }, tx: Executor = db): Promise<UnitRow | undefined> {
      const where = by.serial
        ? eq(manufacturedUnits.serial, by.serial)
        : eq(manufacturedUnits.mac, by.mac ?? '');
      const [row] = await tx.select().from(manufacturedUnits).where(where);
      return row;
    },
    async findUnitById(id: string, tx: Executor = db): Promise<UnitRow | undefined> {
      const [row] = await tx.select().from(manufacturedUnits).where(eq(manufacturedUnits.id, id));
      return row;
    },
    async insertUnit(
      unit: typeof manufacturedUnits.$inferInsert,
      tx: Executor = db,
    ): Promise<UnitRow | undefined> {
      const [row] = await tx.insert(manufacturedUnits).values(unit).onConflictDoNothing().returning();
      return row;
    },
    /** Marks the unit as taken; false when someone else took it first. */
    async claimUnit(unitId: string, userId: string, deviceId: string, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .update(manufacturedUnits)
        .set({ pairedUserId: userId, pairedDeviceId: deviceId })
        .where(and(eq(manufacturedUnits.id, unitId), isNull(manufacturedUnits.pairedUserId)))
        .returning({ id: manufacturedUnits.id });
      return rows.length === 1;
    },
    async releaseUnit(unitId: string, deviceId: string, tx: Executor = db): Promise<void> {
      await tx
        .update(manufacturedUnits)
        .set({ pairedUserId: null, pairedDeviceId: null })
        .where(and(eq(manufacturedUnits.id, unitId), eq(manufacturedUnits.pairedDeviceId, deviceId)));
    },

    async insert(device: NewDevice & { id: string }, tx: Executor = db): Promise<DeviceRow> {
      const [row] = await tx.insert(devices).values(device).returning();
      return row!;
    },
    async list(userId: string, tx: Executor = db): Promise<DeviceRow[]> {
      return tx.select().from(devices).where(eq(devices.userId, userId)).orderBy(asc(devices.activatedAt));
    },
    /** As `find`, hand-written (DEVICE_BY_ID): the device API's credential check. */
    async findForRequest(userId: string, id: string, tx: Executor = db): Promise<DeviceRow | undefined> {
      const [row] = await hotQuery<DeviceRow>(tx, DEVICE_BY_ID, [userId, id]);
      return row;
    },
    async find(userId: string, id: string, tx: Executor = db): Promise<DeviceRow | undefined> {
      const [row] = await tx
        .select()
        .from(devices)
        .where(and(eq(devices.userId, userId), eq(devices.id, id)));
      return row;
    },
    async update(
      userId: string,
      id: string,
      patch: Partial<NewDevice>,
      tx: Executor = db,
    ): Promise<DeviceRow | undefined> {
      const [row] = await tx
        .update(devices)
        .set(patch)
        .where(and(eq(devices.userId, userId), eq(devices.id, id)))
        .returning();
      return row;
    },

    async insertDiagnostics(rows: NewDiagnostic[], tx: Executor = db): Promise<void> {
      if (rows.length) await tx.insert(deviceDiagnostics).values(rows);
    },
    async listDiagnostics(userId: string, deviceId: string, tx: Executor = db) {
      return tx
        .select()
        .from(deviceDiagnostics)
        .where(and(eq(deviceDiagnostics.userId, userId), eq(deviceDiagnostics.deviceId, deviceId)))
        .orderBy(asc(deviceDiagnostics.at));
    },
    /** Retention: technical data older than the cut-off goes, for every user (a maintenance job). */
    async purgeDiagnosticsBefore(cutoff: Date, tx: Executor = db): Promise<number> {
      const rows = await tx
        .delete(deviceDiagnostics)
        .where(lt(deviceDiagnostics.receivedAt, cutoff))
        .returning({ id: deviceDiagnostics.id });
      return rows.length;
    },
  };
}
export type DevicesRepo = ReturnType<typeof createDevicesRepo>;
