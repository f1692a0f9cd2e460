import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, userIdColumn } from '../../db/columns';

/**
 * GLOBAL TABLES of this feature (no user_id; reference tables on a sharded cluster):
 * - device_models: the product catalog (kinds, names, minimum firmware), the same for everyone.
 * - firmware_versions: released firmware per model, the same for everyone.
 * - manufactured_units: the factory registry of every unit made (serial, MAC, claim-code hash); it
 *   exists before any owner does. Its paired_user_id/paired_device_id only mark the unit as taken, so
 *   a second pairing is refused; the owner's device record lives in `devices`, keyed by user.
 */
export const deviceGlobalTables = ['device_models', 'firmware_versions', 'manufactured_units'] as const;

export const deviceModels = pgTable('device_models', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  /** Firmware below this is told to update at every sync (its data is still accepted). */
  minFirmware: text('min_firmware').notNull(),
});

export const firmwareVersions = pgTable(
  'firmware_versions',
  {
    modelId: text('model_id').notNull(),
    version: text('version').notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }).notNull(),
    notes: text('notes').notNull().default(''),
    /** Devices below a required version are told to update before their next sync (issue #16). */
    required: boolean('required').notNull().default(false),
    /** Where the device fetches the image, and its digest for the device to check. */
    fileUrl: text('file_url'),
    sha256: text('sha256'),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.version] })],
);

export const manufacturedUnits = pgTable(
  'manufactured_units',
  {
    /** The manufacturing id printed on the box. */
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    serial: text('serial').notNull(),
    mac: text('mac').notNull(),
    modelId: text('model_id').notNull(),
    /** scrypt of the code the device shows on its screen; never the code itself. */
    claimCodeHash: text('claim_code_hash').notNull(),
    factoryFirmware: text('factory_firmware').notNull(),
    pairedUserId: uuid('paired_user_id'),
    pairedDeviceId: uuid('paired_device_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('manufactured_units_serial').on(t.serial),
    uniqueIndex('manufactured_units_mac').on(t.mac),
  ],
);

/**
 * A unit paired to a user. A new owner gets a new record (new id, new credential): nothing of the
 * previous owner's record or data travels with the unit. After unpair the record stays (the data it
 * produced keeps its source) with no credential.
 * The credential is `vbd_<userId>.<deviceId>.<secret>`; only sha256(secret) is kept.
 */
export const devices = pgTable(
  'devices',
  {
    userId: userIdColumn(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    unitId: uuid('unit_id').notNull(),
    modelId: text('model_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    serial: text('serial').notNull(),
    firmware: text('firmware').notNull(),
    battery: integer('battery'),
    wifiNetwork: text('wifi_network'),
    /** Shared with the owner's household: weigh-ins are attributed to members (scales only). */
    sharedWithHousehold: boolean('shared_with_household').notNull().default(false),
    credentialHash: text('credential_hash'),
    credentialIssuedAt: timestamp('credential_issued_at', { withTimezone: true }),
    activatedAt: timestamp('activated_at', { withTimezone: true }).notNull(),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    unpairedAt: timestamp('unpaired_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
);

/**
 * One row per sync request key: the answer is stored in the same transaction as the data, so a
 * retried request (same key) gets the same answer and stores nothing again.
 */
export const deviceSyncRequests = pgTable(
  'device_sync_requests',
  {
    userId: userIdColumn(),
    deviceId: uuid('device_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.deviceId, t.key] }),
    index('device_sync_requests_created').on(t.createdAt),
  ],
);

/** Technical data a device uploads (logs, battery): purged after the retention period (90 days by default). */
export const deviceDiagnostics = pgTable(
  'device_diagnostics',
  {
    userId: userIdColumn(),
    deviceId: uuid('device_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    type: text('type', { enum: ['log', 'battery'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    level: text('level'),
    message: text('message'),
    batteryPercent: real('battery_percent'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.deviceId, t.id] }),
    index('device_diagnostics_received').on(t.receivedAt),
  ],
);
