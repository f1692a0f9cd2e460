import { getMetric } from '@vitalbase/core';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { type KeysetPart, keysetAfter, keysetPages, keysetTime } from '../../../db/keyset';
import { type PageProbe, tablePages } from '../../../db/table-pages';
import type { DerivedDetailsByKind, DerivedKind } from '../derived-details';
import {
  healthDerived,
  healthMeasures,
  healthReadings,
  healthSeriesDays,
  healthSessions,
} from '../health-data.schema';
import { denseScaled, GAP32, slotTime, unpackDay } from '../series-codec';
import { type MeasureRow, measuresForReadings } from './measures';
import { notDeleted } from './tombstones';

type ReadingRow = typeof healthReadings.$inferSelect;
type SessionRow = typeof healthSessions.$inferSelect;
export type SeriesDayRow = typeof healthSeriesDays.$inferSelect;
export type ExportReading = ReadingRow & { measures: MeasureRow[] };

export interface PageOptions {
  pageRows: number;
  /** Series days per page: a day of minute points is 1,440 values, so pages of days stay small. */
  seriesPageDays: number;
  probe?: PageProbe;
}

/**
 * The export's pages, for the "Download my data" archive. Unlike every other read, they include
 * deleted readings and sessions as tombstones: the archive is everything held about the person.
 */
const timeIdKey = (at: KeysetPart['column'], id: KeysetPart['column']): KeysetPart[] => [
  { column: at, type: 'timestamptz' },
  { column: id, type: 'uuid' },
];

/** Readings (deleted ones as tombstones) with their measures, oldest first. */
export async function* readingPages(
  db: Executor,
  userId: string,
  opts: PageOptions,
): AsyncGenerator<ExportReading[]> {
  const r = healthReadings;
  const key = timeIdKey(r.takenAt, r.id);
  const pages = keysetPages(
    opts.pageRows,
    async (after) => {
      const rows = await db
        .select({ ...getTableColumns(r), cursorAt: keysetTime(r.takenAt) })
        .from(r)
        .where(and(eq(r.userId, userId), keysetAfter(key, after)))
        .orderBy(asc(r.takenAt), asc(r.id))
        .limit(opts.pageRows);
      opts.probe?.('readings', rows.length);
      return rows;
    },
    (last) => [last.cursorAt, last.id],
  );
  for await (const rows of pages) {
    const byReading = await measuresForReadings(
      db,
      userId,
      rows.map((row) => row.id),
    );
    opts.probe?.(
      'measures',
      [...byReading.values()].reduce((n, group) => n + group.length, 0),
    );
    yield rows.map(({ cursorAt: _cursor, ...row }) => ({ ...row, measures: byReading.get(row.id) ?? [] }));
  }
}

export interface MetricValue {
  takenAt: Date;
  utcOffsetMinutes: number;
  value: number;
  originalValue: number | null;
  correctedAt: Date | null;
  source: string;
  deviceId: string | null;
  readingId: string;
}

/** One metric's values from readings, oldest first (the measures index: user, metric, taken_at). */
export async function* measurePages(
  db: Executor,
  userId: string,
  metric: string,
  opts: PageOptions,
): AsyncGenerator<MetricValue[]> {
  const m = healthMeasures;
  const r = healthReadings;
  const key = timeIdKey(m.takenAt, m.readingId);
  const pages = keysetPages(
    opts.pageRows,
    async (after) => {
      const rows = await db
        .select({
          takenAt: m.takenAt,
          cursorAt: keysetTime(m.takenAt),
          readingId: m.readingId,
          value: m.value,
          originalValue: m.originalValue,
          correctedAt: m.correctedAt,
          source: r.source,
          deviceId: r.deviceId,
          utcOffsetMinutes: r.utcOffsetMinutes,
        })
        .from(m)
        .innerJoin(r, and(eq(r.userId, m.userId), eq(r.id, m.readingId)))
        .where(and(eq(m.userId, userId), eq(m.metric, metric), keysetAfter(key, after)))
        .orderBy(asc(m.takenAt), asc(m.readingId))
        .limit(opts.pageRows);
      opts.probe?.(`measures:${metric}`, rows.length);
      return rows;
    },
    (last) => [last.cursorAt, last.readingId],
  );
  for await (const rows of pages) yield rows.map(({ cursorAt: _cursor, ...row }) => row);
}

/** Stored series days (one metric, or all), in primary-key order: metric, day, source, interval. */
export function seriesDayPages(
  db: Executor,
  userId: string,
  opts: PageOptions & { metric?: string },
): AsyncGenerator<SeriesDayRow[]> {
  return tablePages(db, healthSeriesDays, userId, {
    pageRows: opts.seriesPageDays,
    section: opts.metric ? `series:${opts.metric}` : 'series',
    probe: opts.probe,
    where: opts.metric ? eq(healthSeriesDays.metric, opts.metric) : undefined,
  }) as AsyncGenerator<SeriesDayRow[]>;
}

/**
 * A day's points as the codec's scaled integers, slot `firstSlot + i` at `scaled[i]` (`gap`: no point),
 * value `scaled[i] / 10 ** decimals`: the export formats a five-year user's millions of points once
 * from here, in its own loop, with no tuple, closure call or boxed number per point. `scaled` is the
 * codec's scratch array: read it before the next day is decoded.
 */
export function seriesDayScaled(row: SeriesDayRow): {
  firstSlot: number;
  scaled: Int32Array;
  decimals: number;
  gap: number;
} {
  const decimals = getMetric(row.metric)?.decimals ?? 0;
  return { firstSlot: row.firstSlot, scaled: denseScaled(row), decimals, gap: GAP32 };
}

/** A day's points as [instant ms, value], oldest first. */
export function seriesDayPoints(row: SeriesDayRow): Array<[number, number]> {
  const def = getMetric(row.metric);
  const points = unpackDay(
    { firstSlot: row.firstSlot, width: row.width, points: row.points },
    def?.decimals ?? 0,
  );
  return [...points].map(([slot, v]) => [slotTime(row.day, slot, row.intervalSeconds), v]);
}

/** Sleep and workout sessions (deleted ones as tombstones), oldest first. */
export async function* sessionPages(
  db: Executor,
  userId: string,
  opts: PageOptions,
): AsyncGenerator<SessionRow[]> {
  const s = healthSessions;
  const key = timeIdKey(s.startAt, s.id);
  const pages = keysetPages(
    opts.pageRows,
    async (after) => {
      const rows = await db
        .select({ ...getTableColumns(s), cursorAt: keysetTime(s.startAt) })
        .from(s)
        .where(and(eq(s.userId, userId), keysetAfter(key, after)))
        .orderBy(asc(s.startAt), asc(s.id))
        .limit(opts.pageRows);
      opts.probe?.('sessions', rows.length);
      return rows;
    },
    (last) => [last.cursorAt, last.id],
  );
  for await (const rows of pages) yield rows.map(({ cursorAt: _cursor, ...row }) => row);
}

export type DerivedOf<K extends DerivedKind> = Omit<typeof healthDerived.$inferSelect, 'kind' | 'details'> & {
  kind: K;
  details: DerivedDetailsByKind[K];
};

/** Derived values of one kind, in primary-key order. */
export function derivedPages<K extends DerivedKind>(
  db: Executor,
  userId: string,
  kind: K,
  opts: { pageRows: number; section: string; probe?: PageProbe },
): AsyncGenerator<Array<DerivedOf<K>>> {
  // The rows are of `kind` (the where clause): the one place the column's union is narrowed.
  return tablePages(db, healthDerived, userId, {
    ...opts,
    where: eq(healthDerived.kind, kind),
  }) as AsyncGenerator<Array<DerivedOf<K>>>;
}

/** Per metric: how many values and days are held, and the latest; sessions (not deleted) per type. */
export async function healthOverview(db: Executor, userId: string) {
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

  const sessionCounts = await db
    .select({ type: healthSessions.type, count: sql<number>`count(*)::int` })
    .from(healthSessions)
    .where(and(eq(healthSessions.userId, userId), notDeleted(healthSessions)))
    .groupBy(healthSessions.type);
  return { readingCounts, seriesCounts, latestReadings, latestDays, sessionCounts };
}
