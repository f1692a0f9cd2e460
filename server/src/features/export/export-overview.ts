import { type ConsentPurpose, consentPurposes, consentWordings, getMetric } from '@vitalbase/core';
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { tablesWithUserData } from '../../db/delete-user-data';
import { users } from '../accounts';
import { consents } from '../consents';
import { devices } from '../devices';
import { healthOverview, seriesDayPoints } from '../health-data';

type UserIdentity = Omit<typeof users.$inferSelect, 'passwordHash' | 'failedLoginCount' | 'lockedUntil'>;

interface MetricOverview {
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

  const { readingCounts, seriesCounts, latestReadings, latestDays, sessionCounts } = await healthOverview(
    db,
    userId,
  );
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
