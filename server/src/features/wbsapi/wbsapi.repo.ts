import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { deviceModels, devices } from '../devices';
import { goals } from '../goals';
import { partnerReads } from '../health-data';

export type { ReadingGroup } from '../health-data';

/**
 * The reads behind the Withings-style API. Every query is bound to ONE user (the token's) and runs in
 * the access point's transaction; health data comes through health-data's reader.
 */
export function createWbsapiRepo(tx: Executor) {
  return {
    ...partnerReads(tx),
    /** Paired devices with their model's name (the model catalog is global). */
    async devices(userId: string) {
      return tx
        .select({ device: devices, modelName: deviceModels.name })
        .from(devices)
        .leftJoin(deviceModels, eq(deviceModels.id, devices.modelId))
        .where(and(eq(devices.userId, userId), isNull(devices.unpairedAt)))
        .orderBy(asc(devices.activatedAt), asc(devices.id));
    },

    async goals(userId: string) {
      return tx.select().from(goals).where(eq(goals.userId, userId));
    },

    /** Devices by id, for labelling sessions and series (kind, model). */
    async devicesByIds(userId: string, ids: string[]) {
      const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (!uuids.length) return [];
      return tx
        .select({
          id: devices.id,
          kind: devices.kind,
          modelId: devices.modelId,
          modelName: deviceModels.name,
        })
        .from(devices)
        .leftJoin(deviceModels, eq(deviceModels.id, devices.modelId))
        .where(and(eq(devices.userId, userId), inArray(devices.id, uuids)));
    },
  };
}
export type WbsapiRepo = ReturnType<typeof createWbsapiRepo>;
