import { getMetric } from '@vitalbase/core';
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { slotTime, unpackDay } from '../health-data/series-codec';
import {
  healthMeasures,
  healthReadings,
  healthSeriesDays,
  healthSessions,
} from '../health-data/health-data.schema';
import { type PageProbe, tablePages } from './keyset-pages';

type ReadingRow = typeof healthReadings.$inferSelect;
type MeasureRow = typeof healthMeasures.$inferSelect;
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
 * Time-ordered keysets resume from the key read back as text (`taken_at::text`), not from a JS Date:
 * PostgreSQL keeps microseconds that a Date would round away, which could repeat or skip a row.
 */
const afterTime = (column: unknown, idColumn: unknown, after: { at: string; id: string } | undefined) =>
  after ? sql`(${column}, ${idColumn}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined;

/** Readings (deleted ones as tombstones) with their measures, oldest first. */
export async function* readingPages(
  db: Executor,
  userId: string,
  opts: PageOptions,
): AsyncGenerator<ExportReading[]> {
  const r = healthReadings;
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select({ ...getTableColumns(r), cursorAt: sql<string>`${r.takenAt}::text` })
      .from(r)
      .where(and(eq(r.userId, userId), afterTime(r.takenAt, r.id, after)))
      .orderBy(asc(r.takenAt), asc(r.id))
      .limit(opts.pageRows);
    opts.probe?.('readings', rows.length);
    if (!rows.length) return;
    const measures = await db
      .select()
      .from(healthMeasures)
      .where(
        and(
          eq(healthMeasures.userId, userId),
          inArray(
            healthMeasures.readingId,
            rows.map((row) => row.id),
          ),
        ),
      )
      .orderBy(asc(healthMeasures.readingId), asc(healthMeasures.metric));
    opts.probe?.('measures', measures.length);
    const byReading = new Map<string, MeasureRow[]>();
    for (const m of measures) byReading.set(m.readingId, [...(byReading.get(m.readingId) ?? []), m]);
    yield rows.map(({ cursorAt: _cursor, ...row }) => ({ ...row, measures: byReading.get(row.id) ?? [] }));
    if (rows.length < opts.pageRows) return;
    const last = rows.at(-1)!;
    after = { at: last.cursorAt, id: last.id };
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
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select({
        takenAt: m.takenAt,
        cursorAt: sql<string>`${m.takenAt}::text`,
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
      .where(and(eq(m.userId, userId), eq(m.metric, metric), afterTime(m.takenAt, m.readingId, after)))
      .orderBy(asc(m.takenAt), asc(m.readingId))
      .limit(opts.pageRows);
    opts.probe?.(`measures:${metric}`, rows.length);
    if (!rows.length) return;
    yield rows.map(({ cursorAt: _cursor, ...row }) => row);
    if (rows.length < opts.pageRows) return;
    const last = rows.at(-1)!;
    after = { at: last.cursorAt, id: last.readingId };
  }
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

/** A day's points as [instant ms, value], oldest first. */
export function seriesDayPoints(row: SeriesDayRow): Array<[number, number]> {
  const def = getMetric(row.metric);
  const points = unpackDay(
    { firstSlot: row.firstSlot, width: row.width as 2 | 4, points: row.points },
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
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select({ ...getTableColumns(s), cursorAt: sql<string>`${s.startAt}::text` })
      .from(s)
      .where(and(eq(s.userId, userId), afterTime(s.startAt, s.id, after)))
      .orderBy(asc(s.startAt), asc(s.id))
      .limit(opts.pageRows);
    opts.probe?.('sessions', rows.length);
    if (!rows.length) return;
    yield rows.map(({ cursorAt: _cursor, ...row }) => row);
    if (rows.length < opts.pageRows) return;
    const last = rows.at(-1)!;
    after = { at: last.cursorAt, id: last.id };
  }
}
