import { and, asc, desc, eq, gt, gte, inArray, lt, lte } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { timeZoneOf } from '../../accounts';
import { healthDerived, healthReadings, healthSessions } from '../health-data.schema';
import { createReadingsRepo } from '../readings.repo';
import { createSeriesRepo } from '../series.repo';
import { type MeasureGroupsQuery, measureGroups } from './measure-groups';
import { pointsOfDays, type SeriesPoint, utcDay } from '../series-points';
import type { DerivedOf } from './export-pages';
import { notDeleted } from './tombstones';

export type { ReadingGroup } from './measure-groups';

/**
 * The reads behind the partner APIs (Withings-style). Every query is bound to ONE user (the token's),
 * runs in the caller's transaction, and pages with a plain offset over a total order, as the original
 * Withings API does.
 */
export function partnerReads(tx: Executor) {
  return {
    /** The user's IANA time zone, for zone names and local days. */
    timeZoneOf: (userId: string) => timeZoneOf(tx, userId),

    /**
     * Readings holding at least one of `having` (default: `metrics`), newest first, with only the
     * measures of `metrics` (one hand-written statement: measure-groups.ts).
     */
    measureGroups: (userId: string, q: MeasureGroupsQuery) => measureGroups(tx, userId, q),

    /** Daily totals (derived, per local date), oldest first. */
    async dailyTotals(
      userId: string,
      q: { fromDate?: string; toDate?: string; updatedAfter?: Date; offset: number; limit: number },
    ): Promise<Array<DerivedOf<'daily_totals'>>> {
      const d = healthDerived;
      // Rows of kind 'daily_totals' (the where clause): the column's union narrowed to its kind.
      return (await tx
        .select()
        .from(d)
        .where(
          and(
            eq(d.userId, userId),
            eq(d.kind, 'daily_totals'),
            q.fromDate ? gte(d.key, q.fromDate) : undefined,
            q.toDate ? lte(d.key, q.toDate) : undefined,
            q.updatedAfter ? gt(d.computedAt, q.updatedAfter) : undefined,
          ),
        )
        .orderBy(asc(d.key))
        .limit(q.limit)
        .offset(q.offset)) as Array<DerivedOf<'daily_totals'>>;
    },

    /**
     * The stored summaries (derived sleep_summary, keyed by session id) of some nights: a night imported
     * with stage totals but no spans (Withings' sleep.csv) has its summary only there.
     */
    async sleepSummaries(userId: string, sessionIds: string[]): Promise<Array<DerivedOf<'sleep_summary'>>> {
      if (!sessionIds.length) return [];
      const d = healthDerived;
      // Rows of kind 'sleep_summary' (the where clause): the column's union narrowed to its kind.
      return (await tx
        .select()
        .from(d)
        .where(and(eq(d.userId, userId), eq(d.kind, 'sleep_summary'), inArray(d.key, sessionIds)))) as Array<
        DerivedOf<'sleep_summary'>
      >;
    },

    /** Sessions of one type, oldest first: starting in [startFrom, startTo) and/or changed after a time. */
    async sessions(
      userId: string,
      q: {
        type: 'sleep' | 'workout';
        startFrom?: Date;
        startTo?: Date;
        endFrom?: Date;
        endTo?: Date;
        updatedAfter?: Date;
        offset: number;
        limit: number;
      },
    ) {
      const s = healthSessions;
      return tx
        .select()
        .from(s)
        .where(
          and(
            eq(s.userId, userId),
            eq(s.type, q.type),
            notDeleted(s),
            q.startFrom ? gte(s.startAt, q.startFrom) : undefined,
            q.startTo ? lt(s.startAt, q.startTo) : undefined,
            q.endFrom ? gte(s.endAt, q.endFrom) : undefined,
            q.endTo ? lt(s.endAt, q.endTo) : undefined,
            q.updatedAfter ? gt(s.updatedAt, q.updatedAfter) : undefined,
          ),
        )
        .orderBy(asc(s.startAt), asc(s.id))
        .limit(q.limit)
        .offset(q.offset);
    },

    /** Sleep sessions overlapping [from, to), oldest first. */
    async sleepOverlapping(userId: string, from: Date, to: Date) {
      const s = healthSessions;
      return tx
        .select()
        .from(s)
        .where(
          and(eq(s.userId, userId), eq(s.type, 'sleep'), notDeleted(s), lt(s.startAt, to), gt(s.endAt, from)),
        )
        .orderBy(asc(s.startAt), asc(s.id))
        .limit(100);
    },

    /** Every stored intraday point of some metrics in [from, to), every source, oldest first. */
    async seriesPoints(userId: string, metrics: string[], from: number, to: number): Promise<SeriesPoint[]> {
      if (to <= from || !metrics.length) return [];
      const rows = await createSeriesRepo(tx).listDaysOfMetrics(
        userId,
        metrics,
        utcDay(from),
        utcDay(to - 1),
      );
      return pointsOfDays(rows, from, to);
    },

    /**
     * Per device (of `deviceIds`): its first data (reading taken or night/workout begun) and the UTC
     * offset of its latest, so a device is described by what it recorded.
     */
    async deviceSpans(userId: string, deviceIds: string[]) {
      const spans = new Map<string, { firstAt: Date; lastAt: Date; lastOffsetMinutes: number }>();
      const r = healthReadings;
      const s = healthSessions;
      for (const id of deviceIds) {
        const ofReadings = (order: typeof asc) =>
          tx
            .select({ at: r.takenAt, offset: r.utcOffsetMinutes })
            .from(r)
            .where(and(eq(r.userId, userId), eq(r.deviceId, id), notDeleted(r)))
            .orderBy(order(r.takenAt))
            .limit(1);
        const ofSessions = (order: typeof asc) =>
          tx
            .select({ at: s.startAt, offset: s.utcOffsetMinutes })
            .from(s)
            .where(and(eq(s.userId, userId), eq(s.deviceId, id), notDeleted(s)))
            .orderBy(order(s.startAt))
            .limit(1);
        const firsts = [...(await ofReadings(asc)), ...(await ofSessions(asc))];
        const lasts = [...(await ofReadings(desc)), ...(await ofSessions(desc))];
        if (!firsts.length) continue;
        const first = firsts.reduce((a, b) => (b.at < a.at ? b : a));
        const last = lasts.reduce((a, b) => (b.at > a.at ? b : a));
        spans.set(id, { firstAt: first.at, lastAt: last.at, lastOffsetMinutes: last.offset });
      }
      return spans;
    },

    /** Readings of some metrics in [from, to): values, each with the offset it was taken at. */
    async readingValues(userId: string, metrics: string[], from: Date, to: Date) {
      if (!metrics.length) return [];
      return createReadingsRepo(tx).valuesByMetrics(userId, metrics, from, to);
    },
  };
}
