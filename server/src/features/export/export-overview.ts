import { type ConsentPurpose, consentPurposes, consentWordings, getMetric } from '@vitalbase/core';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { tablesWithUserData } from '../../db/delete-user-data';
import { users } from '../accounts';
import { consents } from '../consents';
import { devices } from '../devices';
import {
  healthMeasures,
  healthReadings,
  healthSeriesDays,
  healthSessions,
} from '../health-data/health-data.schema';
import { seriesDayPoints } from './health-pages';

export type UserIdentity = Omit<
  typeof users.$inferSelect,
  'passwordHash' | 'failedLoginCount' | 'lockedUntil'
>;

export interface MetricOverview {
  metric: string;
  label: string;
  unit: string;
  /** Values from readings. */
  readings: number;
  /** Points of intraday series, and the stored days holding them. */
  seriesPoints: number;
  seriesDays: number;
  latest?: { at: Date; utcOffsetMinutes: number; value: number };
}

/** What the summary shows and what sizes the progress: aggregates only, never the data itself. */
export interface ExportOverview {
  identity: UserIdentity;
  devices: Array<
    Pick<
      typeof devices.$inferSelect,
      'id' | 'name' | 'kind' | 'modelId' | 'serial' | 'firmware' | 'activatedAt' | 'unpairedAt' | 'lastSyncAt'
    >
  >;
  metrics: MetricOverview[];
  sessions: Array<{ type: string; count: number }>;
  consents: Array<{ purpose: ConsentPurpose; title: string; granted: boolean; changedAt: Date | null }>;
  /** Rows per table of the account (everything data.json walks through). */
  rowCounts: Record<string, number>;
}

/** Undefined when the account does not exist (any more). */
export async function loadExportOverview(db: Executor, userId: string): Promise<ExportOverview | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const { passwordHash: _p, failedLoginCount: _f, lockedUntil: _l, ...identity } = user;

  const rowCounts: Record<string, number> = {};
  for (const { name, table, userId: column } of tablesWithUserData()) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(column, userId));
    rowCounts[name] = Number(row?.n ?? 0);
  }

  const m = healthMeasures;
  const readingCounts = await db
    .select({ metric: m.metric, n: sql<number>`count(*)::int` })
    .from(m)
    .where(eq(m.userId, userId))
    .groupBy(m.metric);
  const s = healthSeriesDays;
  const seriesCounts = await db
    .select({
      metric: s.metric,
      points: sql<number>`coalesce(sum(${s.pointCount}), 0)::int`,
      days: sql<number>`count(*)::int`,
    })
    .from(s)
    .where(eq(s.userId, userId))
    .groupBy(s.metric);
  const latestReadings = await db
    .selectDistinctOn([m.metric], {
      metric: m.metric,
      value: m.value,
      at: m.takenAt,
      utcOffsetMinutes: healthReadings.utcOffsetMinutes,
    })
    .from(m)
    .innerJoin(healthReadings, and(eq(healthReadings.userId, m.userId), eq(healthReadings.id, m.readingId)))
    .where(eq(m.userId, userId))
    .orderBy(asc(m.metric), sql`${m.takenAt} desc`);
  // The latest stored day of each series metric (one row each), whose last point is the latest value.
  const latestDays = await db
    .selectDistinctOn([s.metric])
    .from(s)
    .where(eq(s.userId, userId))
    .orderBy(asc(s.metric), sql`${s.day} desc`, sql`${s.updatedAt} desc`);

  const byMetric = new Map<string, MetricOverview>();
  const entry = (metric: string): MetricOverview => {
    let found = byMetric.get(metric);
    if (!found) {
      const def = getMetric(metric);
      found = {
        metric,
        label: def?.label ?? metric,
        unit: def?.unit ?? '',
        readings: 0,
        seriesPoints: 0,
        seriesDays: 0,
      };
      byMetric.set(metric, found);
    }
    return found;
  };
  for (const r of readingCounts) entry(r.metric).readings = Number(r.n);
  for (const r of seriesCounts) {
    entry(r.metric).seriesPoints = Number(r.points);
    entry(r.metric).seriesDays = Number(r.days);
  }
  for (const r of latestReadings) {
    entry(r.metric).latest = { at: r.at, utcOffsetMinutes: r.utcOffsetMinutes, value: r.value };
  }
  for (const day of latestDays) {
    const last = seriesDayPoints(day).at(-1);
    const current = entry(day.metric);
    if (last && (!current.latest || current.latest.at.getTime() < last[0])) {
      current.latest = { at: new Date(last[0]), utcOffsetMinutes: day.utcOffsetMinutes, value: last[1] };
    }
  }

  const deviceRows = await db
    .select({
      id: devices.id,
      name: devices.name,
      kind: devices.kind,
      modelId: devices.modelId,
      serial: devices.serial,
      firmware: devices.firmware,
      activatedAt: devices.activatedAt,
      unpairedAt: devices.unpairedAt,
      lastSyncAt: devices.lastSyncAt,
    })
    .from(devices)
    .where(eq(devices.userId, userId))
    .orderBy(asc(devices.activatedAt));
  const sessionCounts = await db
    .select({ type: healthSessions.type, count: sql<number>`count(*)::int` })
    .from(healthSessions)
    .where(and(eq(healthSessions.userId, userId), isNull(healthSessions.deletedAt)))
    .groupBy(healthSessions.type);
  const consentRows = new Map(
    (await db.select().from(consents).where(eq(consents.userId, userId))).map((c) => [c.purpose, c]),
  );

  return {
    identity,
    devices: deviceRows,
    metrics: [...byMetric.values()].sort((a, b) => a.metric.localeCompare(b.metric)),
    sessions: sessionCounts.map((c) => ({ type: c.type, count: Number(c.count) })),
    consents: consentPurposes.map((purpose) => ({
      purpose,
      title: consentWordings[purpose].title,
      granted: consentRows.get(purpose)?.granted ?? false,
      changedAt: consentRows.get(purpose)?.updatedAt ?? null,
    })),
    rowCounts,
  };
}
