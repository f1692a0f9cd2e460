import { createHash } from 'node:crypto';
import {
  type DeviceKind,
  type ItemResult,
  isDeviceKind,
  type NormalizedReading,
  validateHealthItem,
} from '@vitalbase/core';
import type { Db, Executor } from '../../db/client';
import { AppError, Conflict } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts';
import { attributeWeighIn, type MemberWeight, RECENT_WEIGHT_DAYS } from './attribution';
import { checkedDevice, type DeviceCredentialParts } from './device-auth';
import { hashSecret } from './device-credential';
import type { DeviceRow, DevicesRepo } from './devices.repo';
import { type FirmwareAdvice, firmwareAdvice } from './firmware';
import { firmwareFacts } from './firmware-cache';
import type { HouseholdRepo } from './household.repo';
import type { SyncRepo } from './sync.repo';

/** The documented limits of one sync request (docs/api-devices.md). */
const SYNC_MAX_ITEMS = 5000;
export const SYNC_MAX_BYTES = 2 * 1024 * 1024;

interface IngestOrigin {
  source: 'device' | 'manual' | 'import' | 'partner';
  deviceId?: string;
  deviceKind?: DeviceKind;
}
/** The health-data store's ingest (features/health-data/ingest.service.ts), narrowed to what sync uses. */
export interface IngestPort {
  ingest(
    userId: string,
    origin: IngestOrigin,
    items: unknown[],
    tx?: Executor,
  ): Promise<{ results: ItemResult[] }>;
}
/** A member's latest weight (kg) taken after `since`, or undefined. */
export type LatestWeight = (userId: string, since: Date, tx: Executor) => Promise<number | undefined>;

export type SyncItemResult =
  | ItemResult
  | { index: number; status: 'pending_attribution'; ref: string; errors?: undefined };

export interface SyncAnswer {
  receivedAt: string;
  results: SyncItemResult[];
  summary: { stored: number; duplicate: number; rejected: number; pendingAttribution: number };
  firmware: FirmwareAdvice;
}

export interface SyncInput {
  key: string;
  device?: { firmware?: string; battery?: number; wifiNetwork?: string };
  items: unknown[];
}

/** A stable hash of what was sent (keys sorted), so a retry with the same content matches its key. */
function requestHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url');
}
function stableJson(v: unknown): string {
  if (Array.isArray(v)) {
    // A series' values (1,440 a day): an array without objects has no keys to sort, and JSON.stringify
    // writes it as the element-wise form would (undefined as null), without a call per value.
    if (v.every((x) => x === null || typeof x !== 'object')) return JSON.stringify(v);
    return `[${v.map(stableJson).join(',')}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function createSyncService(deps: {
  db: Db;
  devices: Pick<DevicesRepo, 'findForRequest'>;
  requests: Pick<SyncRepo, 'claimForDevice' | 'find' | 'finish'>;
  household: Pick<HouseholdRepo, 'members' | 'park' | 'inbox'>;
  ingest: IngestPort;
  latestWeight: LatestWeight;
  now: () => Date;
}) {
  const { now } = deps;

  /**
   * A shared scale's weigh-ins go to the member they match; the rest of a batch goes to the owner.
   * Returns the user each item goes to, or an inbox reason.
   */
  async function route(device: DeviceRow, items: unknown[], tx: Executor) {
    const targets: Array<
      { userId: string } | { reason: 'ambiguous' | 'unmatched'; reading: NormalizedReading }
    > = items.map(() => ({ userId: device.userId }));
    if (!device.sharedWithHousehold || device.kind !== 'scale') return targets;
    const at = now();
    const since = new Date(at.getTime() - RECENT_WEIGHT_DAYS * 86_400_000);
    const memberIds = [device.userId];
    for (const m of await deps.household.members(device.userId, tx)) {
      if (m.status !== 'active') continue;
      // A member who may not store health data (consent pending, disabled) is never matched.
      const allowed = await assertMayStoreHealthData(tx, m.memberUserId).then(
        () => true,
        () => false,
      );
      if (allowed) memberIds.push(m.memberUserId);
    }
    const members: MemberWeight[] = [];
    for (const userId of memberIds)
      members.push({ userId, latestKg: await deps.latestWeight(userId, since, tx) });

    const weighIns = items
      .map((raw, index) => {
        const v = validateHealthItem(raw, { source: 'device', deviceKind: 'scale', now: at });
        return v.ok && v.item.kind === 'reading' ? { index, reading: v.item } : undefined;
      })
      .filter((w) => w !== undefined)
      .sort((a, b) => a.reading.takenAt.getTime() - b.reading.takenAt.getTime());
    for (const { index, reading } of weighIns) {
      const weight = reading.measures.find((m) => m.metric === 'weight')?.value;
      if (weight === undefined) continue;
      const a = attributeWeighIn(weight, members);
      if ('userId' in a) {
        // Later weigh-ins of the same batch follow this one (a trend over days offline).
        const member = members.find((m) => m.userId === a.userId);
        if (member) member.latestKg = weight;
        targets[index] = a;
      } else targets[index] = { reason: a.reason, reading };
    }
    return targets;
  }

  async function process(device: DeviceRow, input: SyncInput, tx: Executor) {
    const at = now();
    const reported = input.device ?? {};
    const firmware = reported.firmware ?? device.firmware;
    // The model's minimum and published versions from the in-process cache (firmware-cache.ts).
    const facts = await firmwareFacts(deps.db, device.modelId, tx);
    const advice = firmwareAdvice(firmware, facts.minFirmware ?? '0', facts.released);
    if (!isDeviceKind(device.kind)) throw new AppError(500, 'internal_error', 'Unknown device kind.');
    const origin: IngestOrigin = { source: 'device', deviceId: device.id, deviceKind: device.kind };

    const targets = await route(device, input.items, tx);
    const results: SyncItemResult[] = new Array(input.items.length);
    const byUser = new Map<string, number[]>();
    const inbox = targets.some((t) => 'reason' in t) ? await deps.household.inbox(device.userId, tx) : [];
    targets.forEach((t, index) => {
      if ('userId' in t) byUser.set(t.userId, [...(byUser.get(t.userId) ?? []), index]);
    });
    for (const [index, t] of targets.entries()) {
      if (!('reason' in t)) continue;
      const takenAt = t.reading.takenAt.toISOString();
      const same = inbox.find(
        (p) => p.deviceId === device.id && new Date(p.takenAt).toISOString() === takenAt,
      );
      if (same) {
        results[index] = { index, status: 'duplicate', ref: same.id };
        continue;
      }
      const parked = await deps.household.park(
        {
          userId: device.userId,
          deviceId: device.id,
          deviceKind: device.kind,
          reason: t.reason,
          weightKg: t.reading.measures.find((m) => m.metric === 'weight')?.value ?? 0,
          takenAt: (input.items[index] as { takenAt: string }).takenAt,
          item: input.items[index],
          receivedAt: at,
        },
        tx,
      );
      inbox.push(parked);
      results[index] = { index, status: 'pending_attribution', ref: parked.id };
    }
    for (const [userId, indexes] of byUser) {
      const { results: got } = await deps.ingest.ingest(
        userId,
        origin,
        indexes.map((i) => input.items[i]),
        tx,
      );
      for (const r of got) {
        const index = indexes[r.index]!;
        results[index] = { ...r, index };
      }
    }

    // The device's new state is written with the saved answer, in one statement (sync.repo `finish`).
    const state = {
      lastSyncAt: at,
      firmware,
      ...(reported.battery !== undefined ? { battery: Math.round(reported.battery) } : {}),
      ...(reported.wifiNetwork !== undefined ? { wifiNetwork: reported.wifiNetwork } : {}),
    };
    const count = (s: SyncItemResult['status']) => results.filter((r) => r.status === s).length;
    const answer: SyncAnswer = {
      receivedAt: at.toISOString(),
      results,
      summary: {
        stored: count('stored'),
        duplicate: count('duplicate'),
        rejected: count('rejected'),
        pendingAttribution: count('pending_attribution'),
      },
      firmware: advice,
    };
    return { answer, state };
  }

  return {
    /**
     * One batch from a device, all in one transaction with its idempotency record: the answer exists
     * only once everything is committed, and a retry with the same key gets that same answer.
     */
    async sync(
      credential: DeviceCredentialParts,
      input: SyncInput,
    ): Promise<{ answer: SyncAnswer; replayed: boolean }> {
      if (input.items.length > SYNC_MAX_ITEMS) {
        // The credential is checked first (401 before 413), by a read alone: nothing is claimed.
        checkedDevice(await deps.devices.findForRequest(credential.userId, credential.deviceId), credential);
        throw new AppError(
          413,
          'payload_too_large',
          `A sync request carries at most ${SYNC_MAX_ITEMS} items.`,
        );
      }
      const hash = requestHash({ device: input.device, items: input.items });
      const ids = { userId: credential.userId, deviceId: credential.deviceId, key: input.key };
      return deps.db.transaction(async (tx) => {
        // The device's row and the key's claim in one statement (sync.repo.ts `claimForDevice`); a
        // credential that is not the device's claims nothing and is refused here.
        const claim = await deps.requests.claimForDevice(
          { ...ids, requestHash: hash, credentialHash: hashSecret(credential.secret) },
          tx,
        );
        const device = checkedDevice(claim.device, credential);
        if (!claim.claimed) {
          const previous = await deps.requests.find(ids.userId, ids.deviceId, ids.key, tx);
          if (!previous || previous.requestHash !== hash) {
            throw new Conflict(
              'This idempotency key was already used for a different request.',
              'idempotency_key_reused',
            );
          }
          return { answer: previous.response as SyncAnswer, replayed: true };
        }
        const { answer, state } = await process(device, input, tx);
        await deps.requests.finish(ids, state, answer, tx);
        return { answer, replayed: false };
      });
    },
  };
}
