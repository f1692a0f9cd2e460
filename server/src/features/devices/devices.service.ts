import type { Executor } from '../../db/client';
import { Conflict, Invalid, NotFound } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts';
import { newDeviceCredential, normalizeMac } from './device-credential';
import type { DeviceRow, DevicesRepo } from './devices.repo';
import { type FirmwareAdvice, firmwareAdvice } from './firmware';
import { pairUnitInTx, unitWithClaim } from './unit-pairing';

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

    /** P5: the serial (or MAC) names the unit, the claim code shown on its screen proves the user holds it. */
    async pair(userId: string, input: PairInput): Promise<{ device: DeviceView; credential: string }> {
      await assertMayStoreHealthData(deps.db, userId);
      const unit = await unitWithClaim(
        input.serial
          ? await repo.findUnit({ serial: input.serial.trim() })
          : await repo.findUnit({ mac: normalizeMac(input.mac ?? '') }),
        input.claimCode,
      );
      const { device, credential } = await deps.db.transaction((tx) =>
        pairUnitInTx(repo, tx, userId, unit, now(), input),
      );
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

    /**
     * Re-pair a unit that takes its own credential (a cellular unit, reset or handed on): the current
     * credential stops working at once and the unit may activate once more with its claim code
     * (unit-pairing.ts `activate`: a claim code alone never replaces a credential).
     */
    async rePair(userId: string, id: string): Promise<DeviceView> {
      const device = await findOwn(userId, id);
      if (device.unpairedAt) throw new Conflict('This device is no longer paired.', 'device_unpaired');
      const updated = await repo.update(userId, id, { credentialHash: null, credentialIssuedAt: null });
      return view(updated!);
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
