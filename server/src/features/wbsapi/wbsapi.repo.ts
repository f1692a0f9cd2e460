import { and, asc, desc, eq, exists, gt, gte, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../accounts';
import { deviceModels, devices } from '../devices';
import { goals } from '../goals';
import {
  healthDerived,
  healthMeasures,
  healthReadings,
  healthSeriesDays,
  healthSessions,
} from '../health-data/health-data.schema';

export type ReadingGroup = typeof healthReadings.$inferSelect & {
  measures: Array<{ metric: string; value: number }>;
};

/**
 * The reads behind the Withings-style API. Every query is bound to ONE user (the token's), runs in the
 * access point's transaction, and pages with a plain offset over a total order, as the original does.
 */
export function createWbsapiRepo(tx: Executor) {
  return {
    async timeZoneOf(userId: string): Promise<string> {
      const [row] = await tx.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
      return row?.timeZone ?? 'UTC';
    },

    /**
     * Readings holding at least one of `having` (default: `metrics`), newest first, with only the
     * measures of `metrics`.
     */
    async measureGroups(
      userId: string,
      q: {
        metrics: string[];
        having?: string[];
        from?: Date;
        to?: Date;
        updatedAfter?: Date;
        offset: number;
        limit: number;
      },
    ): Promise<ReadingGroup[]> {
      if (!q.metrics.length) return [];
      const r = healthReadings;
      const m = healthMeasures;
      const rows = await tx
        .select()
        .from(r)
        .where(
          and(
            eq(r.userId, userId),
            isNull(r.deletedAt),
            q.from ? gte(r.takenAt, q.from) : undefined,
            q.to ? lte(r.takenAt, q.to) : undefined,
            q.updatedAfter ? gt(r.updatedAt, q.updatedAfter) : undefined,
            exists(
              tx
                .select({ one: m.readingId })
                .from(m)
                .where(
                  and(eq(m.userId, userId), eq(m.readingId, r.id), inArray(m.metric, q.having ?? q.metrics)),
                ),
            ),
          ),
        )
        .orderBy(desc(r.takenAt), desc(r.id))
        .limit(q.limit)
        .offset(q.offset);
      if (!rows.length) return [];
      const measures = await tx
        .select({ readingId: m.readingId, metric: m.metric, value: m.value })
        .from(m)
        .where(
          and(
            eq(m.userId, userId),
            inArray(
              m.readingId,
              rows.map((x) => x.id),
            ),
            inArray(m.metric, q.metrics),
          ),
        )
        .orderBy(asc(m.metric));
      return rows.map((row) => ({
        ...row,
        measures: measures
          .filter((x) => x.readingId === row.id)
          .map((x) => ({ metric: x.metric, value: x.value })),
      }));
    },

    /** Daily totals (derived, per local date), oldest first. */
    async dailyTotals(
      userId: string,
      q: { fromDate?: string; toDate?: string; updatedAfter?: Date; offset: number; limit: number },
    ) {
      const d = healthDerived;
      return tx
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
        .offset(q.offset);
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
            isNull(s.deletedAt),
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
          and(
            eq(s.userId, userId),
            eq(s.type, 'sleep'),
            isNull(s.deletedAt),
            lt(s.startAt, to),
            gt(s.endAt, from),
          ),
        )
        .orderBy(asc(s.startAt), asc(s.id))
        .limit(100);
    },

    /** Packed series days of some metrics between two UTC dates (inclusive). */
    async seriesDays(userId: string, metrics: string[], fromDay: string, toDay: string) {
      if (!metrics.length) return [];
      const s = healthSeriesDays;
      return tx
        .select()
        .from(s)
        .where(and(eq(s.userId, userId), inArray(s.metric, metrics), gte(s.day, fromDay), lte(s.day, toDay)))
        .orderBy(asc(s.day));
    },

    /** Readings of some metrics in [from, to) (values only). */
    async readingValues(userId: string, metrics: string[], from: Date, to: Date) {
      if (!metrics.length) return [];
      const m = healthMeasures;
      return tx
        .select({ metric: m.metric, takenAt: m.takenAt, value: m.value })
        .from(m)
        .where(and(eq(m.userId, userId), inArray(m.metric, metrics), gte(m.takenAt, from), lt(m.takenAt, to)))
        .orderBy(asc(m.takenAt));
    },

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
        .select({ id: devices.id, kind: devices.kind, modelName: deviceModels.name })
        .from(devices)
        .leftJoin(deviceModels, eq(deviceModels.id, devices.modelId))
        .where(and(eq(devices.userId, userId), inArray(devices.id, uuids)));
    },
  };
}
export type WbsapiRepo = ReturnType<typeof createWbsapiRepo>;
