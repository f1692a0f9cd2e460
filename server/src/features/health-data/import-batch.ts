import { randomUUID } from 'node:crypto';
import { type ItemResult, type NormalizedReading, type NormalizedSession, sleepScore } from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../lib/context';
import { assertMayStoreHealthData, timeZoneOf } from '../accounts';
import { hasConsent } from '../consents';
import { validateBatch } from './batch-validation';
import { AffectedInputs, createDerivedService } from './derived.service';
import { createDerivedRepo } from './derived.repo';
import { createImportedRepo } from './imported.repo';
import { createHealthDataIngest } from './ingest.service';
import { createReadingsRepo } from './readings.repo';
import { createSeriesRepo } from './series.repo';
import { sessionSpans } from './session-row';
import { createSessionsRepo } from './sessions.repo';

type Indexed<T> = { index: number; item: T };

/**
 * A night's seconds in each stage without when each stage was (Withings' sleep.csv): the night is
 * stored without stage spans (none are invented) and these make its summary (the sleep_summary the
 * sleep views read), with the wake-ups, time to fall asleep and snoring the file gives.
 */
export interface SleepStageTotals {
  light: number;
  deep: number;
  rem: number;
  awake: number;
  latency?: number;
  wakeUps?: number;
  snoring?: number;
  snoringEpisodes?: number;
}

const DAY_SECONDS = 86_400;

/** The night's summary from its totals, by the fields and score of core's sleepSummary; undefined when they cannot be. */
function summaryOfTotals(session: NormalizedSession, t: SleepStageTotals) {
  const values = Object.values(t);
  if (!values.every((v) => typeof v === 'number' && v >= 0 && v <= DAY_SECONDS)) return undefined;
  const inBed = Math.round((session.end.getTime() - session.start.getTime()) / 1000);
  const asleep = Math.round(t.light + t.deep + t.rem);
  if (asleep > inBed) return undefined;
  const summary = {
    inBedSeconds: inBed,
    asleepSeconds: asleep,
    awakeSeconds: Math.round(t.awake),
    lightSeconds: Math.round(t.light),
    deepSeconds: Math.round(t.deep),
    remSeconds: Math.round(t.rem),
    latencySeconds: Math.round(t.latency ?? 0),
    efficiency: inBed > 0 ? Math.round((asleep / inBed) * 1000) / 1000 : 0,
    wakeUps: Math.round(t.wakeUps ?? 0),
    snoringSeconds: Math.round(t.snoring ?? 0),
    snoringEpisodes: Math.round(t.snoringEpisodes ?? 0),
  };
  return { ...summary, score: sleepScore(summary) };
}

/**
 * An import's batch stored in a few statements rather than a few per item (issue #18, Performance:
 * one reading at a time cost three round trips and as many drizzle query builds). Readings: one
 * query for the values already stored at the batch's (metric, instant) keys, then the readings and
 * their measures as two multi-row inserts. Sessions: one query for the spans already held, one insert.
 * Series items go to the ingest, which already merges a batch's days in memory and writes them at
 * once. The duplicate rule is the ingest's import rule (docs/import.md: same metric, same instant,
 * same value, from any source; a session over the same span), applied also between the batch's own
 * items in their order. Runs in the caller's transaction, with the derived values refreshed in it.
 */
export function createImportBatchWriter(ctx: Pick<AppContext, 'database' | 'now'>) {
  const db = ctx.database.db;
  const imported = createImportedRepo(db);
  const ingest = createHealthDataIngest(ctx);
  const derivedRepo = createDerivedRepo(db);
  const derived = createDerivedService({
    readings: createReadingsRepo(db),
    series: createSeriesRepo(db),
    sessions: createSessionsRepo(db),
    derived: derivedRepo,
  });

  async function storeReadings(
    userId: string,
    importId: string,
    given: Array<Indexed<NormalizedReading>>,
    affected: AffectedInputs,
    tx: Executor,
  ): Promise<ItemResult[]> {
    const keys = given.flatMap(({ item }) =>
      item.measures.map((m) => ({ metric: m.metric, takenAt: item.takenAt })),
    );
    const valueKey = (metric: string, at: Date, value: number) => `${metric}|${at.getTime()}|${value}`;
    const known = new Set(
      (await imported.valuesAtKeys(userId, keys, tx)).map((k) =>
        valueKey(keys[k.i]!.metric, keys[k.i]!.takenAt, k.value),
      ),
    );
    const results: ItemResult[] = [];
    const rows: Parameters<typeof imported.insertReadings>[1][number][] = [];
    for (const { index, item } of given) {
      // A reading keeps the values nobody holds yet at its instant; none left, it is a duplicate.
      const fresh = item.measures.filter((m) => !known.has(valueKey(m.metric, item.takenAt, m.value)));
      if (!fresh.length) {
        results.push({ index, status: 'duplicate' });
        continue;
      }
      for (const m of fresh) known.add(valueKey(m.metric, item.takenAt, m.value));
      const id = randomUUID();
      const metrics = fresh.map((m) => m.metric);
      rows.push({
        id,
        takenAt: item.takenAt,
        utcOffsetMinutes: item.utcOffsetMinutes,
        metricsKey: [...metrics].sort().join(','),
        importId,
        measures: fresh,
      });
      affected.reading(id, metrics, item.takenAt, item.utcOffsetMinutes);
      results.push({ index, status: 'stored', ref: id });
    }
    await imported.insertReadings(userId, rows, ctx.now(), tx);
    return results;
  }

  async function storeSessions(
    userId: string,
    importId: string,
    given: Array<Indexed<NormalizedSession> & { totals?: SleepStageTotals }>,
    affected: AffectedInputs,
    tx: Executor,
  ): Promise<ItemResult[]> {
    const spanKey = (s: { type: string; start: Date; end: Date }) =>
      `${s.type}|${s.start.getTime()}|${s.end.getTime()}`;
    const held = new Map<string, string>();
    for (const h of await imported.sameSpans(
      userId,
      given.map((g) => g.item),
      tx,
    ))
      held.set(spanKey(given[h.i]!.item), h.id);
    const results: ItemResult[] = [];
    const rows: Parameters<typeof imported.insertSessions>[0] = [];
    const now = ctx.now();
    const summaries: Array<Parameters<typeof derivedRepo.upsert>[0]> = [];
    for (const { index, item, totals } of given) {
      const dup = held.get(spanKey(item));
      if (dup) {
        results.push({ index, status: 'duplicate', ref: dup });
        continue;
      }
      const id = randomUUID();
      held.set(spanKey(item), id);
      rows.push({
        userId,
        id,
        type: item.type,
        startAt: item.start,
        endAt: item.end,
        utcOffsetMinutes: item.utcOffsetMinutes,
        source: 'import',
        clientRef: item.clientRef ?? null,
        importId,
        ...sessionSpans(item),
        createdAt: now,
        updatedAt: now,
      });
      const summary = item.type === 'sleep' && !item.stages.length && totals && summaryOfTotals(item, totals);
      if (summary)
        summaries.push({
          userId,
          kind: 'sleep_summary',
          key: id,
          at: item.end,
          utcOffsetMinutes: item.utcOffsetMinutes,
          value: summary.score,
          details: { ...summary, sessionStart: item.start.toISOString() },
          computedAt: now,
        });
      else if (item.type === 'sleep') affected.sleep.add(id);
      affected.written.session(item.type, item.start, item.end);
      results.push({ index, status: 'stored', ref: id });
    }
    await imported.insertSessions(rows, tx);
    for (const row of summaries) await derivedRepo.upsert(row, tx);
    return results;
  }

  return {
    /**
     * One batch of an import's items (as the sync API takes them), each with its outcome by index.
     * `deferDays`: the local dates whose daily values (totals, resting heart rate) the batch touched are
     * added to it instead of being recomputed now; the caller refreshes them once (`refreshDays`).
     */
    async store(
      userId: string,
      importId: string,
      items: unknown[],
      tx: Executor,
      deferDays?: Set<string>,
    ): Promise<ItemResult[]> {
      await assertMayStoreHealthData(tx, userId);
      const now = ctx.now();
      const timeZone = await timeZoneOf(tx, userId);
      const series: Array<Indexed<unknown>> = [];
      const others: Array<{ index: number; raw: unknown }> = [];
      /** A night's stage totals are the import's own field, beside the item the ingest knows. */
      const totalsOf = new Map<number, SleepStageTotals>();
      for (let index = 0; index < items.length; index++) {
        const raw = items[index];
        // Series go whole to the ingest, which validates them and merges the batch's days.
        if ((raw as { kind?: unknown } | null)?.kind === 'series') {
          series.push({ index, item: raw });
          continue;
        }
        const { stageTotals, ...body } = (raw ?? {}) as { stageTotals?: SleepStageTotals };
        if (stageTotals !== undefined) totalsOf.set(index, stageTotals);
        others.push({ index, raw: body });
      }
      const { valid, rejected } = await validateBatch(others, { source: 'import', now, timeZone }, () =>
        hasConsent(tx, userId, 'geolocation'),
      );
      const results: ItemResult[] = rejected;
      const readings: Array<Indexed<NormalizedReading>> = [];
      const sessions: Array<Indexed<NormalizedSession> & { totals?: SleepStageTotals }> = [];
      for (const { index, item } of valid) {
        if (item.kind === 'reading') readings.push({ index, item });
        else if (item.kind === 'session') sessions.push({ index, item, totals: totalsOf.get(index) });
      }
      const affected = new AffectedInputs();
      results.push(...(await storeReadings(userId, importId, readings, affected, tx)));
      results.push(...(await storeSessions(userId, importId, sessions, affected, tx)));
      // Two series items of one metric starting at the same minute (a day's samples, then a workout's
      // samples of that day further in the file) are merged, not taken for a resend: the ingest refuses
      // a repeat within one call, so each repeat goes in a later call (layers, in the file's order).
      const layers: Array<Array<Indexed<unknown>>> = [];
      const keysOf: Array<Set<string>> = [];
      for (const s of series) {
        const r = s.item as { metric?: unknown; start?: unknown; intervalSeconds?: unknown };
        const key = `${String(r.metric)}|${String(r.start)}|${String(r.intervalSeconds)}`;
        let i = keysOf.findIndex((keys) => !keys.has(key));
        if (i < 0) {
          i = layers.push([]) - 1;
          keysOf.push(new Set());
        }
        keysOf[i]!.add(key);
        layers[i]!.push(s);
      }
      for (const layer of layers) {
        const stored = await ingest.ingest(
          userId,
          { source: 'import', importId },
          layer.map((s) => s.item),
          tx,
          affected,
        );
        for (const r of stored.results) results.push({ ...r, index: layer[r.index]!.index });
      }
      // An import brings history: it fills no clinic's transmission day (docs/clinics.md).
      affected.written.stored = 0;
      if (deferDays) {
        for (const date of affected.dailyDates) deferDays.add(date);
        affected.dailyDates.clear();
      }
      await derived.refresh(userId, affected, now, tx);
      return results.sort((a, b) => a.index - b.index);
    },

    /**
     * The daily values of an import's deferred dates, recomputed once (issue #18: six Withings raw_
     * files each cover every day of a decade; refreshed per batch, each day was computed six times).
     */
    async refreshDays(userId: string, dates: Iterable<string>, tx: Executor): Promise<void> {
      const affected = new AffectedInputs();
      for (const date of dates) affected.dailyDates.add(date);
      await derived.refresh(userId, affected, ctx.now(), tx);
    },
  };
}
