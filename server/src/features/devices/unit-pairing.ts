import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { AppError, Conflict } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts';
import { newDeviceCredential, verifyClaimCode } from './device-credential';
import { createDevicesRepo, type DeviceRow, type DevicesRepo, type UnitRow } from './devices.repo';
import { devices } from './devices.schema';

type Repo = Pick<DevicesRepo, 'findModel' | 'claimUnit' | 'insert'>;

const claimInvalid = () =>
  new AppError(400, 'claim_invalid', 'No device matches this serial number (or MAC address) and claim code.');
const alreadyPaired = () =>
  new Conflict(
    'This device is already paired to an account: unpair it there first.',
    'device_already_paired',
  );

/**
 * The unit named and its claim code checked. Unknown unit and wrong code answer alike, so serials
 * cannot be probed; only a holder of the right code learns that the unit is already paired.
 */
export async function unitWithClaim(unit: UnitRow | undefined, code: string): Promise<UnitRow> {
  const ok = unit ? await verifyClaimCode(unit.claimCodeHash, code) : false;
  if (!unit || !ok) throw claimInvalid();
  return unit;
}

/**
 * The one pairing step (P5), shared by the user's own pairing and a clinic's unit paired on enrolment:
 * the unit is marked taken and a new device record with a new credential is made for the user, in
 * the caller's transaction. Nothing of a previous owner's record travels with the unit.
 */
export async function pairUnitInTx(
  repo: Repo,
  tx: Executor,
  userId: string,
  unit: UnitRow,
  at: Date,
  opts: { name?: string; wifiNetwork?: string } = {},
): Promise<{ device: DeviceRow; credential: string }> {
  if (unit.pairedUserId) throw alreadyPaired();
  const model = await repo.findModel(unit.modelId, tx);
  if (!model) throw new AppError(500, 'internal_error', 'Unknown device model.');
  const id = randomUUID();
  const { credential, hash } = newDeviceCredential(userId, id);
  if (!(await repo.claimUnit(unit.id, userId, id, tx))) throw alreadyPaired();
  const device = await repo.insert(
    {
      userId,
      id,
      unitId: unit.id,
      modelId: model.id,
      kind: model.kind,
      name: opts.name?.trim() || model.name,
      serial: unit.serial,
      firmware: unit.factoryFirmware,
      wifiNetwork: opts.wifiNetwork ?? null,
      credentialHash: hash,
      credentialIssuedAt: at,
      activatedAt: at,
    },
    tx,
  );
  return { device, credential };
}

/**
 * What another feature (clinics: a clinic's device stock) may do with units, through the devices
 * feature's own pairing path: check a unit and its claim code, pair it to a patient's account (the
 * data is the patient's), unpair it when it goes back to the clinic, and hand a paired cellular unit
 * its credential (the unit proves itself with its claim code; no phone is involved).
 */
export function createUnitPairing(ctx: Pick<AppContext, 'database' | 'now'>) {
  const db = ctx.database.db;
  const repo = createDevicesRepo(db);

  return {
    async checkClaim(serial: string, claimCode: string): Promise<UnitRow> {
      return unitWithClaim(await repo.findUnit({ serial: serial.trim() }), claimCode);
    },

    async modelOf(modelId: string) {
      return repo.findModel(modelId);
    },

    /** Pairs the unit to the user in the caller's transaction; answers the new device's id. */
    async pairToUser(tx: Executor, userId: string, unitId: string): Promise<string> {
      await assertMayStoreHealthData(tx, userId);
      const unit = await repo.findUnitById(unitId, tx);
      if (!unit) throw claimInvalid();
      return (await pairUnitInTx(repo, tx, userId, unit, ctx.now())).device.id;
    },

    /** The user's record of the unit loses its credential and the unit is free again (as unpair does). */
    async unpairFromUser(tx: Executor, userId: string, unitId: string): Promise<void> {
      const rows = await tx
        .update(devices)
        .set({ credentialHash: null, unpairedAt: ctx.now(), sharedWithHousehold: false })
        .where(and(eq(devices.userId, userId), eq(devices.unitId, unitId), isNull(devices.unpairedAt)))
        .returning({ id: devices.id });
      for (const r of rows) await repo.releaseUnit(unitId, r.id, tx);
    },

    /**
     * A cellular unit fetches the credential of the account it is paired to: the claim code proves it
     * is the unit. Each call issues a new secret (the previous one stops working), so a unit reset in
     * the field simply asks again. Not paired: the same answer as a wrong code.
     */
    async activate(serial: string, claimCode: string): Promise<{ credential: string; deviceId: string }> {
      const unit = await unitWithClaim(await repo.findUnit({ serial: serial.trim() }), claimCode);
      if (!unit.pairedUserId || !unit.pairedDeviceId) {
        throw new Conflict('This device is not paired to an account yet.', 'device_not_paired');
      }
      const { credential, hash } = newDeviceCredential(unit.pairedUserId, unit.pairedDeviceId);
      const updated = await repo.update(unit.pairedUserId, unit.pairedDeviceId, {
        credentialHash: hash,
        credentialIssuedAt: ctx.now(),
      });
      if (!updated || updated.unpairedAt)
        throw new Conflict('This device is not paired to an account yet.', 'device_not_paired');
      return { credential, deviceId: updated.id };
    },
  };
}
