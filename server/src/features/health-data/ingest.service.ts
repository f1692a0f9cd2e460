import {
  type DeviceKind,
  getMetric,
  type IngestSource,
  type ItemResult,
  itemIdentity,
  type NormalizedReading,
  type NormalizedSeries,
  type NormalizedSession,
  validateHealthItem,
} from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { assertMayStoreHealthData } from '../accounts/account-state';
import { hasConsent } from '../consents/has-consent';
import { AffectedInputs, createDerivedService } from './derived.service';
import { createDerivedRepo } from './derived.repo';
import { createReadingsRepo } from './readings.repo';
import { mergeDay, packDay, slotTime, splitIntoDays, unpackDay } from './series-codec';
import { createSeriesRepo } from './series.repo';
import { createSessionsRepo } from './sessions.repo';

export interface IngestOrigin {
  source: IngestSource;
  deviceId?: string;
  deviceKind?: DeviceKind;
}

export const MAX_INGEST_ITEMS = 5000;

/** Location data needs the geolocation consent (P13): the item is refused, the rest of the batch stored. */
const GEOLOCATION_REFUSED = {
  path: 'route',
  code: 'geolocation_consent_required',
  message: 'Location data is stored only with your consent to geolocation (privacy center).',
};

/**
 * The one way health data enters the store: device sync, manual entry, import, partner apps. Every item
 * is validated on its own against the catalog; valid items are stored, invalid ones never, each with
 * its outcome. An item already stored (same user, metric(s), time and source device) is 'duplicate'.
 * Runs in the caller's transaction when given one (the sync API answers only after commit).
 */
export function createHealthDataIngest(ctx: Pick<AppContext, 'database' | 'now'>) {
  const db = ctx.database.db;
  const readings = createReadingsRepo(db);
  const series = createSeriesRepo(db);
  const sessions = createSessionsRepo(db);
  const derived = createDerivedService({ readings, series, sessions, derived: createDerivedRepo(db) });

  async function storeReading(
    userId: string,
    origin: IngestOrigin,
    item: NormalizedReading,
    affected: AffectedInputs,
    tx: Executor,
  ) {
    const metricsKey = item.measures
      .map((m) => m.metric)
      .sort()
      .join(',');
    const deviceId = origin.deviceId ?? null;
    const dup = await readings.findDuplicate(
      userId,
      { takenAt: item.takenAt, metricsKey, source: origin.source, deviceId },
      tx,
    );
    if (dup) return { status: 'duplicate' as const, ref: dup.id };
    const now = ctx.now();
    const row = await readings.insert(
      {
        userId,
        takenAt: item.takenAt,
        utcOffsetMinutes: item.utcOffsetMinutes,
        source: origin.source,
        deviceId,
        clientRef: item.clientRef ?? null,
        metricsKey,
        createdAt: now,
        updatedAt: now,
      },
      item.measures,
      tx,
    );
    affected.reading(
      row.id,
      item.measures.map((m) => m.metric),
      item.takenAt,
    );
    return { status: 'stored' as const, ref: row.id };
  }

  async function storeSeries(
    userId: string,
    origin: IngestOrigin,
    item: NormalizedSeries,
    affected: AffectedInputs,
    tx: Executor,
  ) {
    const def = getMetric(item.metric)!;
    const sourceKey = origin.deviceId ?? origin.source;
    const ref = `${item.metric}@${item.start.toISOString()}`;
    let changedAny = false;
    const now = ctx.now();
    for (const [day, incoming] of splitIntoDays(item.start.getTime(), item.intervalSeconds, item.values)) {
      const key = { metric: item.metric, day, sourceKey, intervalSeconds: item.intervalSeconds };
      const existing = await series.findDay(userId, key, tx);
      const stored = existing
        ? unpackDay(
            { firstSlot: existing.firstSlot, width: existing.width as 2 | 4, points: existing.points },
            def.decimals,
          )
        : new Map();
      const { merged, changed } = mergeDay(stored, incoming);
      if (!changed) continue;
      changedAny = true;
      const packed = packDay(merged, def.decimals);
      await series.upsertDay(
        {
          userId,
          ...key,
          source: origin.source,
          deviceId: origin.deviceId ?? null,
          utcOffsetMinutes: item.utcOffsetMinutes,
          firstSlot: packed.firstSlot,
          width: packed.width,
          points: packed.points,
          pointCount: packed.pointCount,
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      affected.seriesPoints(
        item.metric,
        [...incoming.keys()].map((slot) => slotTime(day, slot, item.intervalSeconds)),
      );
    }
    return { status: changedAny ? ('stored' as const) : ('duplicate' as const), ref };
  }

  async function storeSession(
    userId: string,
    origin: IngestOrigin,
    item: NormalizedSession,
    affected: AffectedInputs,
    tx: Executor,
  ) {
    const deviceId = origin.deviceId ?? null;
    const dup = await sessions.findDuplicate(
      userId,
      { type: item.type, startAt: item.start, source: origin.source, deviceId },
      tx,
    );
    if (dup) return { status: 'duplicate' as const, ref: dup.id };
    const base = item.start.getTime();
    const rel = (d: Date) => Math.round((d.getTime() - base) / 1000);
    const now = ctx.now();
    const row = await sessions.insert(
      {
        userId,
        type: item.type,
        startAt: item.start,
        endAt: item.end,
        utcOffsetMinutes: item.utcOffsetMinutes,
        source: origin.source,
        deviceId,
        clientRef: item.clientRef ?? null,
        workoutType: item.workoutType ?? null,
        stages: item.stages.map((s) => ({ stage: s.stage, start: rel(s.start), end: rel(s.end) })),
        events: item.events.map((e) => ({ type: e.type, start: rel(e.start), end: rel(e.end) })),
        metrics: item.metrics,
        route: item.route.map((p) => ({
          t: rel(p.at),
          lat: p.lat,
          lon: p.lon,
          ...(p.altitudeM === undefined ? {} : { alt: p.altitudeM }),
        })),
        createdAt: now,
        updatedAt: now,
      },
      tx,
    );
    if (item.type === 'sleep') affected.sleep.add(row.id);
    return { status: 'stored' as const, ref: row.id };
  }

  return {
    async ingest(
      userId: string,
      origin: IngestOrigin,
      items: unknown[],
      tx?: Executor,
    ): Promise<{ results: ItemResult[] }> {
      if (!Array.isArray(items)) throw new Invalid('Items must be a list.');
      if (items.length > MAX_INGEST_ITEMS) throw new Invalid(`At most ${MAX_INGEST_ITEMS} items per batch.`);
      if (origin.source === 'device' && (!origin.deviceId || !origin.deviceKind)) {
        throw new Error('A device origin needs its device id and kind.');
      }
      const run = async (tx: Executor) => {
        await assertMayStoreHealthData(tx, userId);
        const now = ctx.now();
        const affected = new AffectedInputs();
        const seen = new Map<string, number>();
        const results: ItemResult[] = [];
        let locationConsent: boolean | undefined;
        const mayStoreLocation = async (tx: Executor) => {
          locationConsent ??= await hasConsent(tx, userId, 'geolocation');
          return locationConsent;
        };
        for (let index = 0; index < items.length; index++) {
          const v = validateHealthItem(items[index], {
            source: origin.source,
            deviceKind: origin.deviceKind,
            now,
          });
          if (!v.ok) {
            results.push({ index, status: 'rejected', errors: v.errors });
            continue;
          }
          const identity = itemIdentity(v.item);
          const first = seen.get(identity);
          if (first !== undefined) {
            results.push({
              index,
              status: 'rejected',
              errors: [
                {
                  path: '',
                  code: 'duplicate_in_batch',
                  message: `The same measurement as item ${first} of this batch.`,
                },
              ],
            });
            continue;
          }
          const item = v.item;
          if (item.kind === 'session' && item.route.length > 0 && !(await mayStoreLocation(tx))) {
            results.push({ index, status: 'rejected', errors: [GEOLOCATION_REFUSED] });
            continue;
          }
          seen.set(identity, index);
          const out =
            item.kind === 'reading'
              ? await storeReading(userId, origin, item, affected, tx)
              : item.kind === 'series'
                ? await storeSeries(userId, origin, item, affected, tx)
                : await storeSession(userId, origin, item, affected, tx);
          results.push({ index, ...out });
        }
        await derived.refresh(userId, affected, now, tx);
        return { results };
      };
      return tx ? run(tx) : db.transaction(run);
    },
  };
}
export type HealthDataIngest = ReturnType<typeof createHealthDataIngest>;
