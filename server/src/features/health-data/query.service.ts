import {
  chooseBucketSeconds,
  type DerivedKind,
  getMetric,
  localPeriods,
  localClockPeriods,
  type MetricDefinition,
  type Period,
  type ReadingOut,
} from '@vitalbase/core';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { Invalid } from '../../lib/errors';
import { timeZoneOf } from '../accounts';
import { cursorField, decodeCursor, encodeCursor } from '../../db/cursor';
import type { DerivedRepo } from './derived.repo';
import type { NotesRepo } from './notes.repo';
import { presentReading, presentSession } from './present';
import type { AnnotatedReading, ReadingWithMeasures, ReadingsRepo } from './readings.repo';
import { DAY_MS, slotTime, unpackDay } from './series-codec';
import { type SeriesRepo, seriesDayKey } from './series.repo';
import { ascendingIso, type BucketIndex, fixedBuckets, periodBuckets, ScaledBuckets } from './scaled-buckets';
import { foldSeries, OFFSET_SPAN_MS } from './series-fold';
import type { SessionsRepo } from './sessions.repo';

export interface QueryDeps {
  db: Db;
  now: () => Date;
  readings: ReadingsRepo;
  series: SeriesRepo;
  sessions: SessionsRepo;
  derived: DerivedRepo;
  notes: Pick<NotesRepo, 'forReadings'>;
}

/** How far back "changed since" catch-ups overlap, so a write committing late is not missed. */
const CHANGES_SAFETY_MS = 60_000;
const MAX_AGGREGATE_RANGE_DAYS = 3 * 366;

function knownMetric(id: string): MetricDefinition {
  const def = getMetric(id);
  if (!def)
    throw new Invalid('This metric is not in the catalog.', [{ path: 'metric', code: 'unknown_metric' }]);
  return def;
}

function range(from: string, to: string): { from: Date; to: Date } {
  const f = new Date(from);
  const t = new Date(to);
  if (t.getTime() <= f.getTime())
    throw new Invalid('`to` must come after `from`.', [{ path: 'to', code: 'end_before_start' }]);
  return { from: f, to: t };
}

const timeIdCursor = z.strictObject({ t: cursorField.instant, id: cursorField.uuid });
/** The `t` of a phase's first cursor: with no id it is not compared (older cursors carry 0 here). */
const PHASE_START = '1970-01-01T00:00:00.000000Z';
/** Sessions and series phases start at PHASE_START and no id; series days are keyed by seriesDayKey. */
const changesCursor = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal('readings'), t: cursorField.instant, id: cursorField.uuid }),
  z.strictObject({
    phase: z.literal('sessions'),
    t: cursorField.instant,
    id: z.union([cursorField.uuid, z.literal('')]),
  }),
  z.strictObject({
    phase: z.literal('series'),
    t: cursorField.instant,
    id: z.union([cursorField.key, z.literal('')]),
  }),
]);

/** A reading as the app shows it: with the user's note and tags when there is one. */
const withAnnotation = (r: AnnotatedReading): ReadingOut =>
  r.annotation ? { ...presentReading(r), annotation: r.annotation } : presentReading(r);

/** The query API: one user's own data only; every query carries that user's id. */
export function createQueryService(deps: QueryDeps) {
  /**
   * Folds a metric's values from both raw stores (a pulse can come as readings and as a series) into
   * buckets, as scaled integers (series-fold.ts: whole rollup cells where a bucket holds them).
   */
  async function fold(
    userId: string,
    def: MetricDefinition,
    from: number,
    to: number,
    index: BucketIndex,
    localClock = false,
  ) {
    const acc = new ScaledBuckets(index.size);
    if (def.shapes.includes('series')) {
      await foldSeries(deps.series, userId, def.id, { from, to }, index, acc, { localClock });
    }
    if (def.shapes.includes('reading')) {
      const scale = 10 ** def.decimals;
      const widen = localClock ? OFFSET_SPAN_MS : { ahead: 0, behind: 0 };
      const rows = await deps.readings.valuesByMetric(
        userId,
        def.id,
        new Date(from - widen.ahead),
        new Date(to + widen.behind),
      );
      for (const r of rows) {
        const t = r.takenAtMs + (localClock ? r.utcOffsetMinutes * 60_000 : 0);
        const b = t >= from && t < to ? index.of(t) : -1;
        if (b >= 0) acc.add(b, Math.round(r.value * scale));
      }
    }
    return acc;
  }

  /** Readings as the app shows them: with the user's note and tags. */
  async function annotated(userId: string, rows: ReadingWithMeasures[]): Promise<ReadingOut[]> {
    const notes = await deps.notes.forReadings(
      userId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const n = notes.get(r.id);
      return withAnnotation(n ? { ...r, annotation: { note: n.note, tags: n.tags } } : r);
    });
  }

  return {
    async readings(
      userId: string,
      q: { metric: string; from: string; to: string; cursor?: string; limit: number },
    ) {
      const def = knownMetric(q.metric);
      const { from, to } = range(q.from, q.to);
      const c = decodeCursor(q.cursor, timeIdCursor);
      const rows = await deps.readings.listByMetric(userId, {
        metric: def.id,
        from,
        to,
        after: c ? { takenAt: c.t, id: c.id } : undefined,
        limit: q.limit,
      });
      // The notes come in the page's own statement (readings.repo.ts listByMetric), not a second one.
      return pageOf(rows, q.limit, withAnnotation);
    },

    async reading(userId: string, id: string) {
      const r = await deps.readings.find(userId, id);
      return r ? (await annotated(userId, [r]))[0] : undefined;
    },

    /**
     * Everything changed after `since`: readings (deleted ones as tombstones), sessions, series days
     * (whole days, their points merged). Pages go through readings, then sessions, then series days.
     */
    async changes(userId: string, q: { since: string; cursor?: string; limit: number }) {
      const since = new Date(q.since);
      const answeredAt = deps.now();
      const c = decodeCursor(q.cursor, changesCursor);
      const phase = c?.phase ?? 'readings';
      const after = c && c.phase === phase ? { t: c.t, id: c.id } : undefined;
      const out = {
        readings: [] as Array<ReturnType<typeof presentReading> & { deleted: boolean }>,
        sessions: [] as Array<ReturnType<typeof presentSession> & { deleted: boolean }>,
        seriesDays: [] as Array<{
          metric: string;
          unit: string;
          day: string;
          source: string;
          deviceId: string | null;
          intervalSeconds: number;
          start: string;
          values: Array<number | null>;
          updatedAt: string;
        }>,
        nextCursor: null as string | null,
        nextSince: new Date(answeredAt.getTime() - CHANGES_SAFETY_MS).toISOString(),
      };
      const next = (p: string, t: string, id: string) => encodeCursor({ phase: p, t, id });
      if (phase === 'readings') {
        const rows = await deps.readings.changedSince(
          userId,
          since,
          after && { updatedAt: after.t, id: after.id },
          q.limit,
        );
        out.readings = rows.map((r) => ({ ...presentReading(r), deleted: r.deletedAt !== null }));
        const last = rows.at(-1);
        out.nextCursor =
          rows.length === q.limit && last
            ? next('readings', last.cursorAt, last.id)
            : next('sessions', PHASE_START, '');
        return out;
      }
      if (phase === 'sessions') {
        const rows = await deps.sessions.changedSince(
          userId,
          since,
          after?.id ? { updatedAt: after.t, id: after.id } : undefined,
          q.limit,
        );
        out.sessions = rows.map((s) => ({ ...presentSession(s), deleted: s.deletedAt !== null }));
        const last = rows.at(-1);
        out.nextCursor =
          rows.length === q.limit && last
            ? next('sessions', last.cursorAt, last.id)
            : next('series', PHASE_START, '');
        return out;
      }
      // Series days are bulky (a day of minute points): a tenth of the page size per page.
      const limit = Math.max(1, Math.floor(q.limit / 10));
      const rows = await deps.series.changedSince(
        userId,
        since,
        after?.id ? { updatedAt: after.t, key: after.id } : undefined,
        limit,
      );
      for (const row of rows) {
        const def = getMetric(row.metric);
        if (!def) continue;
        const pts = unpackDay(
          { firstSlot: row.firstSlot, width: row.width, points: row.points },
          def.decimals,
        );
        const first = row.firstSlot;
        const last = Math.max(first, ...pts.keys());
        const values: Array<number | null> = [];
        for (let s = first; s <= last; s++) values.push(pts.get(s) ?? null);
        out.seriesDays.push({
          metric: row.metric,
          unit: def.unit,
          day: row.day,
          source: row.source,
          deviceId: row.deviceId,
          intervalSeconds: row.intervalSeconds,
          start: new Date(slotTime(row.day, first, row.intervalSeconds)).toISOString(),
          values,
          updatedAt: row.updatedAt.toISOString(),
        });
      }
      const last = rows.at(-1);
      out.nextCursor =
        rows.length === limit && last ? next('series', last.cursorAt, seriesDayKey(last)) : null;
      return out;
    },

    /** min/max/mean/count per bucket, series and readings together, at most 2,000 buckets. */
    async timeseries(
      userId: string,
      q: { metric: string; from: string; to: string; bucketSeconds?: number },
    ) {
      const def = knownMetric(q.metric);
      const { from, to } = range(q.from, q.to);
      if (to.getTime() - from.getTime() > 20 * 366 * DAY_MS) {
        throw new Invalid('The range is longer than 20 years.', [{ path: 'to', code: 'range_too_long' }]);
      }
      const chosen = chooseBucketSeconds(from.getTime(), to.getTime());
      const bucketSeconds = Math.max(chosen, q.bucketSeconds ?? 0);
      const bucketMs = bucketSeconds * 1000;
      const acc = await fold(
        userId,
        def,
        from.getTime(),
        to.getTime(),
        fixedBuckets(from.getTime(), to.getTime(), bucketMs),
      );
      const scale = 10 ** def.decimals;
      const buckets: Array<{ start: string; min: number; max: number; mean: number; count: number }> = [];
      const iso = ascendingIso();
      for (let b = 0; b < acc.size; b++) {
        const count = acc.count[b]!;
        if (!count) continue;
        buckets.push({
          start: iso(from.getTime() + b * bucketMs),
          min: acc.min[b]! / scale,
          max: acc.max[b]! / scale,
          mean: acc.sum[b]! / scale / count,
          count,
        });
      }
      return {
        metric: def.id,
        unit: def.unit,
        from: from.toISOString(),
        to: to.toISOString(),
        bucketSeconds,
        buckets,
      };
    },

    /**
     * Per local day, week (from Monday) or month. A value counts on the date it was lived: its own
     * offset's date (docs/time-zones.md, travel), so a period's `start`/`end` (in the account's zone)
     * bound it only when the user stayed in that zone.
     */
    async aggregates(userId: string, q: { metric: string; period: Period; from: string; to: string }) {
      const def = knownMetric(q.metric);
      if (q.to < q.from)
        throw new Invalid('`to` must not come before `from`.', [{ path: 'to', code: 'end_before_start' }]);
      if ((Date.parse(q.to) - Date.parse(q.from)) / DAY_MS > MAX_AGGREGATE_RANGE_DAYS) {
        throw new Invalid('The range is longer than 3 years.', [{ path: 'to', code: 'range_too_long' }]);
      }
      const zone = await timeZoneOf(deps.db, userId);
      const periods = localPeriods(q.from, q.to, q.period, zone);
      const onClock = localClockPeriods(periods, q.period);
      const acc = await fold(
        userId,
        def,
        onClock[0]!.start,
        onClock.at(-1)!.end,
        periodBuckets(onClock),
        true,
      );
      const scale = 10 ** def.decimals;
      const round = (x: number) => Math.round(x * scale * 100) / (scale * 100);
      return {
        metric: def.id,
        unit: def.unit,
        period: q.period,
        timeZone: zone,
        aggregate: def.dailyAggregate,
        periods: periods.map((p, b) => {
          const count = acc.count[b]!;
          return {
            period: p.period,
            start: new Date(p.start).toISOString(),
            end: new Date(p.end).toISOString(),
            count,
            min: count ? acc.min[b]! / scale : null,
            max: count ? acc.max[b]! / scale : null,
            mean: count ? round(acc.sum[b]! / scale / count) : null,
            sum: count ? round(acc.sum[b]! / scale) : null,
          };
        }),
      };
    },

    /** The latest raw value of each metric, and the latest of each derived value (labelled apart). */
    async latest(userId: string) {
      const byMetric = new Map<
        string,
        {
          metric: string;
          value: number;
          unit: string;
          at: number;
          utcOffsetMinutes: number;
          from: 'reading' | 'series';
        }
      >();
      for (const r of await deps.readings.latestPerMetric(userId)) {
        const def = getMetric(r.metric);
        if (def)
          byMetric.set(r.metric, {
            metric: r.metric,
            value: r.value,
            unit: def.unit,
            at: r.takenAt.getTime(),
            utcOffsetMinutes: r.utcOffsetMinutes,
            from: 'reading',
          });
      }
      for (const row of await deps.series.latestDayPerMetric(userId)) {
        const def = getMetric(row.metric);
        if (!def) continue;
        const pts = unpackDay(
          { firstSlot: row.firstSlot, width: row.width, points: row.points },
          def.decimals,
        );
        const lastSlot = Math.max(...pts.keys());
        const at = slotTime(row.day, lastSlot, row.intervalSeconds);
        const known = byMetric.get(row.metric);
        if (!known || known.at < at) {
          byMetric.set(row.metric, {
            metric: row.metric,
            value: pts.get(lastSlot)!,
            unit: def.unit,
            at,
            utcOffsetMinutes: row.utcOffsetMinutes,
            from: 'series',
          });
        }
      }
      const derived = await deps.derived.latestPerKind(userId);
      return {
        raw: [...byMetric.values()]
          .sort((a, b) => a.metric.localeCompare(b.metric))
          .map((m) => ({ ...m, at: new Date(m.at).toISOString() })),
        derived: derived.map((d) => ({
          kind: d.kind,
          value: d.value,
          label: d.label,
          at: d.at.toISOString(),
          utcOffsetMinutes: d.utcOffsetMinutes,
          details: d.details,
        })),
      };
    },

    async sessions(
      userId: string,
      q: { type?: 'sleep' | 'workout'; from: string; to: string; cursor?: string; limit: number },
    ) {
      const { from, to } = range(q.from, q.to);
      const c = decodeCursor(q.cursor, timeIdCursor);
      const rows = await deps.sessions.list(userId, {
        type: q.type,
        from,
        to,
        after: c ? { startAt: c.t, id: c.id } : undefined,
        limit: q.limit,
      });
      return pageOf(rows, q.limit, presentSession);
    },

    async session(userId: string, id: string) {
      const s = await deps.sessions.find(userId, id);
      return s ? presentSession(s) : undefined;
    },

    async derived(userId: string, q: { kind: DerivedKind; from: string; to: string }) {
      const { from, to } = range(q.from, q.to);
      const rows = await deps.derived.list(userId, { kind: q.kind, from, to });
      return {
        kind: q.kind,
        derived: true as const,
        items: rows.map((d) => ({
          key: d.key,
          at: d.at.toISOString(),
          utcOffsetMinutes: d.utcOffsetMinutes,
          value: d.value,
          label: d.label,
          details: d.details,
          computedAt: d.computedAt.toISOString(),
        })),
      };
    },

    /** A member's latest value of a metric (the household scale attributes weigh-ins with it). */
    latestValue: (userId: string, metric: string) => deps.readings.latestValue(userId, metric),
  };
}

/** One page of a keyset-paginated list: its items, and the cursor after the last one (null at the end). */
function pageOf<R extends { id: string; cursorAt: string }, T>(
  rows: R[],
  limit: number,
  present: (r: R) => T,
) {
  const last = rows.at(-1);
  return {
    items: rows.map(present),
    nextCursor: rows.length === limit && last ? encodeCursor({ t: last.cursorAt, id: last.id }) : null,
  };
}
