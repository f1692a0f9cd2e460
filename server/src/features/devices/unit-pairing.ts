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
  /**
   * `awaitActivation`: no credential yet (a clinic's unit paired on enrolment): the unit itself takes
   * one, once, with its claim code (`activate` below).
   */
  opts: { name?: string; wifiNetwork?: string; awaitActivation?: boolean } = {},
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
      credentialHash: opts.awaitActivation ? null : hash,
      credentialIssuedAt: opts.awaitActivation ? null : at,
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
      return (await pairUnitInTx(repo, tx, userId, unit, ctx.now(), { awaitActivation: true })).device.id;
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
     * is the unit. Once per pairing: the credential is issued only while the record has none (a claim
     * code, printed on the box, must not let anyone who read it take the unit's credential over); a
     * second call is 409 `device_already_activated`. A unit reset in the field is re-paired by its
     * owner or the clinic (`reopenActivation`), then activates again. Not paired: 409 `device_not_paired`.
     */
    async activate(serial: string, claimCode: string): Promise<{ credential: string; deviceId: string }> {
      const unit = await unitWithClaim(await repo.findUnit({ serial: serial.trim() }), claimCode);
      const { pairedUserId: userId, pairedDeviceId: deviceId } = unit;
      if (!userId || !deviceId) {
        throw new Conflict('This device is not paired to an account yet.', 'device_not_paired');
      }
      const { credential, hash } = newDeviceCredential(userId, deviceId);
      // One statement: of two racing activations, one gets the credential.
      const [issued] = await db
        .update(devices)
        .set({ credentialHash: hash, credentialIssuedAt: ctx.now() })
        .where(
          and(
            eq(devices.userId, userId),
            eq(devices.id, deviceId),
            isNull(devices.unpairedAt),
            isNull(devices.credentialHash),
          ),
        )
        .returning({ id: devices.id });
      if (issued) return { credential, deviceId: issued.id };
      const device = await repo.find(userId, deviceId);
      if (!device || device.unpairedAt)
        throw new Conflict('This device is not paired to an account yet.', 'device_not_paired');
      throw new Conflict(
        'This device was already activated. Its owner or the clinic re-pairs it to let it activate again.',
        'device_already_activated',
      );
    },

    /**
     * Re-pair (the owner's or the clinic admin's action): the unit's current credential stops working
     * and the unit may activate once more with its claim code. False if the unit is not paired to them.
     */
    async reopenActivation(userId: string, unitId: string): Promise<boolean> {
      const rows = await db
        .update(devices)
        .set({ credentialHash: null, credentialIssuedAt: null })
        .where(and(eq(devices.userId, userId), eq(devices.unitId, unitId), isNull(devices.unpairedAt)))
        .returning({ id: devices.id });
      return rows.length > 0;
    },
  };
}
