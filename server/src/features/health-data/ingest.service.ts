import {
  type DeviceKind,
  getMetric,
  type IngestSource,
  type ItemResult,
  type NormalizedReading,
  type NormalizedSeries,
  type NormalizedSession,
} from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { Invalid } from '../../lib/errors';
import { accountForHealthWrite } from '../accounts';
import { hasConsent } from '../consents';
import { validateBatch } from './batch-validation';
import { AffectedInputs, createDerivedService } from './derived.service';
import { healthWriteChecks } from './health-writes';
import { createDerivedRepo } from './derived.repo';
import { createReadingsRepo } from './readings.repo';
import { dayChunks, mergeIntoPacked, type PackedDay } from './series-codec';
import { buildRollup } from './series-rollup';
import { createSeriesRepo, type DayContent, seriesDayKey } from './series.repo';
import { sessionSpans } from './session-row';
import { createSessionsRepo } from './sessions.repo';
import { createImportedRepo, importSourceKey } from './imported.repo';
import { withoutKnownPoints } from './import-dedupe';

export interface IngestOrigin {
  source: IngestSource;
  deviceId?: string;
  deviceKind?: DeviceKind;
  /**
   * The import adding these items (health_imports.id): stamped on what is stored, series kept under
   * `import:<id>`, and duplicates judged across every source by value (docs/import.md).
   */
  importId?: string;
}

const MAX_INGEST_ITEMS = 5000;

/**
 * Instants standing for a span of changed points: its ends and every hour between, enough for the
 * local days (and partners' ranges) it touches without one entry per point.
 */
function spanInstants(first: number, last: number): number[] {
  const out: number[] = [];
  for (let t = first; t < last; t += 3_600_000) out.push(t);
  out.push(last);
  return out;
}

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
  const imported = createImportedRepo(db);

  async function storeReading(
    userId: string,
    origin: IngestOrigin,
    given: NormalizedReading,
    affected: AffectedInputs,
    tx: Executor,
  ) {
    let item = given;
    if (origin.importId) {
      // An import's rule: a value already stored at this instant for this metric, from any source, is
      // a duplicate; the reading keeps its other values, and is a duplicate when none is left.
      const known = await imported.valuesAt(
        userId,
        item.takenAt,
        item.measures.map((m) => m.metric),
        tx,
      );
      const fresh = item.measures.filter(
        (m) => !known.some((k) => k.metric === m.metric && k.value === m.value),
      );
      if (!fresh.length) return { status: 'duplicate' as const };
      item = { ...item, measures: fresh };
    }
    const metricsKey = item.measures
      .map((m) => m.metric)
      .sort()
      .join(',');
    const deviceId = origin.deviceId ?? null;
    const dup = origin.importId
      ? undefined
      : await readings.findDuplicate(
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
        importId: origin.importId ?? null,
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
      item.utcOffsetMinutes,
    );
    return { status: 'stored' as const, ref: row.id };
  }

  /**
   * A batch's series items together, merged in memory item after item (a later item sees an earlier
   * one's points). Most syncs bring days not stored yet: every changed day is first inserted as if new
   * in one multi-row statement that leaves stored days alone (no read before the write, issue 17); the
   * days already stored are then read and locked in one query, merged again from their stored content,
   * and written in one multi-row upsert. An item is 'stored' when it changed at least one stored value,
   * else 'duplicate' (a resend).
   */
  async function storeSeriesBatch(
    userId: string,
    origin: IngestOrigin,
    items: Array<{ index: number; item: NormalizedSeries }>,
    affected: AffectedInputs,
    tx: Executor,
  ): Promise<ItemResult[]> {
    if (!items.length) return [];
    const sourceKey = origin.importId ? importSourceKey(origin.importId) : (origin.deviceId ?? origin.source);
    const split = items.map(({ index, item }) => ({
      index,
      item,
      chunks: dayChunks(item.start.getTime(), item.intervalSeconds, item.values),
    }));
    const metrics = [...new Set(items.map((i) => i.item.metric))];
    const days = [...new Set(split.flatMap((x) => x.chunks.map((c) => c.day)))];
    // An import skips the points another source already holds with the same value (docs/import.md).
    const others = origin.importId
      ? await imported.otherSourceDays(userId, sourceKey, metrics, days, tx)
      : [];

    /** Every item merged over `stored` (the stored days by key, with their offsets). */
    const mergeAll = (stored: Map<string, { day: PackedDay; offset: number }>) => {
      /** The latest content of every day the batch touches, and which ones it changed. */
      const state = new Map<string, PackedDay>();
      /** Each day's offset (one per stored day: its latest write's), to see a day move to another clock. */
      const offsetOf = new Map<string, number>();
      for (const [key, { day, offset }] of stored) {
        state.set(key, day);
        offsetOf.set(key, offset);
      }
      const dirty = new Map<string, { item: NormalizedSeries; day: string }>();
      const results: ItemResult[] = [];
      /** What the writes touched, told to `affected` once the final merge is known. */
      const touched: Array<(a: AffectedInputs) => void> = [];
      for (const { index, item, chunks } of split) {
        const def = getMetric(item.metric)!;
        let changedAny = false;
        for (const whole of chunks) {
          const chunk = others.length ? withoutKnownPoints(whole, item, others, def.decimals) : whole;
          if (!chunk) continue;
          const key = seriesDayKey({
            metric: item.metric,
            day: chunk.day,
            sourceKey,
            intervalSeconds: item.intervalSeconds,
          });
          const { packed, changed } = mergeIntoPacked(state.get(key), chunk, def.decimals);
          if (!changed) continue;
          changedAny = true;
          state.set(key, packed);
          dirty.set(key, { item, day: chunk.day });
          const step = item.intervalSeconds * 1000;
          const first = chunk.dayStart + chunk.firstSlot * step;
          const before = offsetOf.get(key);
          if (before !== undefined && before !== item.utcOffsetMinutes)
            touched.push((a) => a.seriesDayMoved(item.metric, chunk.day, before));
          offsetOf.set(key, item.utcOffsetMinutes);
          const instants = spanInstants(first, first + (chunk.values.length - 1) * step);
          touched.push((a) => a.seriesPoints(item.metric, instants, item.utcOffsetMinutes));
        }
        results.push({
          index,
          status: changedAny ? 'stored' : 'duplicate',
          ref: `${item.metric}@${item.start.toISOString()}`,
        });
      }
      return { state, dirty, results, touched };
    };

    const now = ctx.now();
    const contentOf = (merged: ReturnType<typeof mergeAll>, key: string): DayContent => {
      const { item, day } = merged.dirty.get(key)!;
      const packed = merged.state.get(key)!;
      return {
        metric: item.metric,
        day,
        intervalSeconds: item.intervalSeconds,
        utcOffsetMinutes: item.utcOffsetMinutes,
        ...packed,
        rollup: buildRollup(packed, item.intervalSeconds),
      };
    };
    const batch = { sourceKey, source: origin.source, deviceId: origin.deviceId ?? null, now };

    // Every changed day as if new: the new ones are written at once, the stored ones come back.
    let merged = mergeAll(new Map());
    const { inserted, stored } = await series.insertNewReadStored(
      userId,
      batch,
      [...merged.dirty.keys()].map((key) => contentOf(merged, key)),
      tx,
    );
    if (inserted.size < merged.dirty.size) {
      // Merged again over the stored content (the days just inserted had none: they come out the
      // same and are not written twice), then written where still the version read.
      const seed = new Map(stored.map((d) => [d.key, { day: d.packed, offset: d.utcOffsetMinutes }]));
      const versionOf = new Map(stored.map((d) => [d.key, d.version]));
      merged = mergeAll(seed);
      const changed = [...merged.dirty.keys()].filter((key) => !inserted.has(key));
      const written = await series.updateStoredDays(
        userId,
        batch,
        changed
          .filter((key) => versionOf.has(key))
          .map((key) => ({ ...contentOf(merged, key), version: versionOf.get(key)! })),
        tx,
      );
      const missed = changed.filter((key) => !written.has(key));
      if (missed.length) {
        // Another transaction wrote one of these days since the read (rare): those are read again,
        // locked, merged and written; the others keep the content they had when read.
        const want = new Set(missed);
        const days = [...new Set(missed.map((key) => merged.dirty.get(key)!.day))];
        for (const key of missed) seed.delete(key); // deleted meanwhile: merged over nothing
        for (const row of await series.findDaysForUpdate(userId, sourceKey, metrics, days, tx)) {
          const key = seriesDayKey(row);
          if (want.has(key)) seed.set(key, { day: row, offset: row.utcOffsetMinutes });
        }
        merged = mergeAll(seed);
        await series.upsertDays(
          [...merged.dirty.keys()]
            .filter((key) => want.has(key))
            .map((key) => ({
              userId,
              sourceKey,
              source: origin.source,
              deviceId: origin.deviceId ?? null,
              createdAt: now,
              updatedAt: now,
              ...contentOf(merged, key),
            })),
          tx,
        );
      }
    }
    for (const tell of merged.touched) tell(affected);
    return merged.results;
  }

  async function storeSession(
    userId: string,
    origin: IngestOrigin,
    item: NormalizedSession,
    affected: AffectedInputs,
    tx: Executor,
  ) {
    const deviceId = origin.deviceId ?? null;
    // An import's session is a duplicate of any live session of the same type over the same span.
    const dup = origin.importId
      ? await imported.sameSpan(userId, { type: item.type, start: item.start, end: item.end }, tx)
      : await sessions.findDuplicate(
          userId,
          { type: item.type, startAt: item.start, source: origin.source, deviceId },
          tx,
        );
    if (dup) return { status: 'duplicate' as const, ref: dup.id };
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
        importId: origin.importId ?? null,
        ...sessionSpans(item),
        createdAt: now,
        updatedAt: now,
      },
      tx,
    );
    if (item.type === 'sleep') affected.sleep.add(row.id);
    affected.written.session(item.type, item.start, item.end);
    return { status: 'stored' as const, ref: row.id };
  }

  return {
    async ingest(
      userId: string,
      origin: IngestOrigin,
      items: unknown[],
      tx?: Executor,
      /**
       * The caller's record of what its writes touched (an import's batch): what these items touch is
       * added to it and the derived values are left to the caller, who refreshes them once for all.
       */
      into?: AffectedInputs,
    ): Promise<{ results: ItemResult[] }> {
      if (!Array.isArray(items)) throw new Invalid('Items must be a list.');
      if (items.length > MAX_INGEST_ITEMS) throw new Invalid(`At most ${MAX_INGEST_ITEMS} items per batch.`);
      if (origin.source === 'device' && (!origin.deviceId || !origin.deviceKind)) {
        throw new Error('A device origin needs its device id and kind.');
      }
      const run = async (tx: Executor) => {
        // A time written without a local offset ('Z') is placed in the account's zone (docs/time-zones.md).
        // ... read with the write listeners' checks (health-writes.ts), in one statement.
        const { timeZone, also: checked } = await accountForHealthWrite(tx, userId, healthWriteChecks());
        const now = ctx.now();
        const affected = into ?? new AffectedInputs();
        const { valid, rejected } = await validateBatch(
          items.map((raw, index) => ({ index, raw })),
          { source: origin.source, deviceKind: origin.deviceKind, now, timeZone },
          () => hasConsent(tx, userId, 'geolocation'),
        );
        const results: ItemResult[] = rejected;
        const seriesItems: Array<{ index: number; item: NormalizedSeries }> = [];
        for (const { index, item } of valid) {
          if (item.kind === 'series') {
            seriesItems.push({ index, item });
            continue;
          }
          const out =
            item.kind === 'reading'
              ? await storeReading(userId, origin, item, affected, tx)
              : await storeSession(userId, origin, item, affected, tx);
          results.push({ index, ...out });
        }
        results.push(...(await storeSeriesBatch(userId, origin, seriesItems, affected, tx)));
        results.sort((a, b) => a.index - b.index);
        // An import brings history, not a transmission from the patient's devices today: it fills no
        // clinic's adherence day (docs/clinics.md).
        affected.written.stored = origin.importId ? 0 : results.filter((r) => r.status === 'stored').length;
        if (!into) await derived.refresh(userId, affected, now, tx, timeZone, checked);
        return { results };
      };
      return tx ? run(tx) : db.transaction(run);
    },
  };
}
export type HealthDataIngest = ReturnType<typeof createHealthDataIngest>;
