import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client';
import { AppError, Conflict, Invalid, NotFound } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts';
import { newDeviceCredential, normalizeMac, verifyClaimCode } from './device-credential';
import type { DeviceRow, DevicesRepo } from './devices.repo';
import { type FirmwareAdvice, firmwareAdvice } from './firmware';

export interface DeviceView {
  id: string;
  name: string;
  kind: string;
  modelId: string;
  modelName: string;
  serial: string;
  manufacturingId: string;
  firmware: FirmwareAdvice;
  battery: number | null;
  wifiNetwork: string | null;
  activatedAt: string;
  lastSyncAt: string | null;
  status: 'paired' | 'unpaired';
  unpairedAt: string | null;
  sharedWithHousehold: boolean;
  credentialIssuedAt: string | null;
  household?: { name: string; ownerDisplayName: string };
}

/** A household the user is an active member of (household.service.ts `activeHouseholds`). */
export interface MemberOf {
  ownerUserId: string;
  name: string;
  ownerDisplayName: string;
}

export interface PairInput {
  serial?: string;
  mac?: string;
  claimCode: string;
  name?: string;
  wifiNetwork?: string;
}

type Repo = Pick<
  DevicesRepo,
  | 'findModel'
  | 'firmwareOf'
  | 'findUnit'
  | 'claimUnit'
  | 'releaseUnit'
  | 'insert'
  | 'list'
  | 'find'
  | 'update'
>;

export function createDevicesService(deps: { db: Executor; repo: Repo; now: () => Date }) {
  const { repo, now } = deps;

  async function view(d: DeviceRow): Promise<DeviceView> {
    const model = await repo.findModel(d.modelId);
    return {
      id: d.id,
      name: d.name,
      kind: d.kind,
      modelId: d.modelId,
      modelName: model?.name ?? d.modelId,
      serial: d.serial,
      manufacturingId: d.unitId,
      firmware: firmwareAdvice(d.firmware, model?.minFirmware ?? '0', await repo.firmwareOf(d.modelId)),
      battery: d.battery,
      wifiNetwork: d.wifiNetwork,
      activatedAt: d.activatedAt.toISOString(),
      lastSyncAt: d.lastSyncAt?.toISOString() ?? null,
      status: d.unpairedAt ? 'unpaired' : 'paired',
      unpairedAt: d.unpairedAt?.toISOString() ?? null,
      sharedWithHousehold: d.sharedWithHousehold,
      credentialIssuedAt: d.credentialIssuedAt?.toISOString() ?? null,
    };
  }

  async function findOwn(userId: string, id: string): Promise<DeviceRow> {
    const device = await repo.find(userId, id);
    if (!device) throw new NotFound('Device');
    return device;
  }

  return {
    view,

    /**
     * P5: the serial (or MAC) names the unit, the claim code shown on its screen proves the user holds
     * it. Unknown unit and wrong code answer alike, so serials cannot be probed; only a holder of the
     * right code learns that the unit is already paired.
     */
    async pair(userId: string, input: PairInput): Promise<{ device: DeviceView; credential: string }> {
      await assertMayStoreHealthData(deps.db, userId);
      const unit = input.serial
        ? await repo.findUnit({ serial: input.serial.trim() })
        : await repo.findUnit({ mac: normalizeMac(input.mac ?? '') });
      const codeOk = unit ? await verifyClaimCode(unit.claimCodeHash, input.claimCode) : false;
      if (!unit || !codeOk) {
        throw new AppError(
          400,
          'claim_invalid',
          'No device matches this serial number (or MAC address) and claim code.',
        );
      }
      if (unit.pairedUserId) {
        throw new Conflict(
          'This device is already paired to an account: unpair it there first.',
          'device_already_paired',
        );
      }
      const model = await repo.findModel(unit.modelId);
      if (!model) throw new AppError(500, 'internal_error', 'Unknown device model.');
      const id = randomUUID();
      const { credential, hash } = newDeviceCredential(userId, id);
      const at = now();
      const device = await deps.db.transaction(async (tx) => {
        if (!(await repo.claimUnit(unit.id, userId, id, tx))) {
          throw new Conflict(
            'This device is already paired to an account: unpair it there first.',
            'device_already_paired',
          );
        }
        return repo.insert(
          {
            userId,
            id,
            unitId: unit.id,
            modelId: model.id,
            kind: model.kind,
            name: input.name?.trim() || model.name,
            serial: unit.serial,
            firmware: unit.factoryFirmware,
            wifiNetwork: input.wifiNetwork ?? null,
            credentialHash: hash,
            credentialIssuedAt: at,
            activatedAt: at,
          },
          tx,
        );
      });
      return { device: await view(device), credential };
    },

    async list(userId: string): Promise<DeviceView[]> {
      return Promise.all((await repo.list(userId)).map(view));
    },

    /**
     * The scales the owners of the user's households share (paired ones): listed to the member as
     * theirs to use, without what is the owner's alone (the Wi-Fi network, the credential's date).
     */
    async sharedWith(householdsOfUser: MemberOf[]): Promise<DeviceView[]> {
      const shared: DeviceView[] = [];
      for (const h of householdsOfUser) {
        for (const d of await repo.list(h.ownerUserId)) {
          if (!d.sharedWithHousehold || d.unpairedAt) continue;
          shared.push({
            ...(await view(d)),
            wifiNetwork: null,
            credentialIssuedAt: null,
            household: { name: h.name, ownerDisplayName: h.ownerDisplayName },
          });
        }
      }
      return shared;
    },

    async get(userId: string, id: string): Promise<DeviceView> {
      return view(await findOwn(userId, id));
    },

    async rename(userId: string, id: string, name: string): Promise<DeviceView> {
      await findOwn(userId, id);
      return view((await repo.update(userId, id, { name: name.trim() }))!);
    },

    /** Only a scale can be shared: its weigh-ins are then attributed among the owner's household. */
    async setShared(userId: string, id: string, shared: boolean): Promise<DeviceView> {
      const device = await findOwn(userId, id);
      if (device.kind !== 'scale') throw new Invalid('Only a scale can be shared with a household.');
      if (device.unpairedAt) throw new Conflict('This device is no longer paired.', 'device_unpaired');
      return view((await repo.update(userId, id, { sharedWithHousehold: shared }))!);
    },

    /**
     * The credential stops working at once; the data the device sent stays with the user; the unit is
     * free to be paired again (by anyone holding it), which makes a new record with a new credential.
     */
    async unpair(userId: string, id: string): Promise<void> {
      const device = await findOwn(userId, id);
      if (device.unpairedAt) return;
      await deps.db.transaction(async (tx) => {
        await repo.update(
          userId,
          id,
          { credentialHash: null, unpairedAt: now(), sharedWithHousehold: false },
          tx,
        );
        await repo.releaseUnit(device.unitId, device.id, tx);
      });
    },

    /** A new secret; the old one stops working at once. */
    async rotateCredential(userId: string, id: string): Promise<{ credential: string; device: DeviceView }> {
      const device = await findOwn(userId, id);
      if (device.unpairedAt) throw new Conflict('This device is no longer paired.', 'device_unpaired');
      const { credential, hash } = newDeviceCredential(userId, id);
      const updated = await repo.update(userId, id, { credentialHash: hash, credentialIssuedAt: now() });
      return { credential, device: await view(updated!) };
    },
  };
}
