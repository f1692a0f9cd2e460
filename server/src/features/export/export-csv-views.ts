import { getMetric } from '@vitalbase/core';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/client';
import { type DailyTotalMetric, derivedPages, isLive, type PageOptions, readingPages } from '../health-data';
import { localIso } from './export-format';

/**
 * The CSV files that read as a person reads their data rather than as it is stored: blood pressure
 * as one row per reading (a spreadsheet of `systolic_bp.csv` beside `diastolic_bp.csv` has to be
 * joined by hand), and the total of each day beside the per-minute series.
 */

/** The metrics a blood-pressure reading is made of: they go in csv/blood_pressure.csv together. */
export const BLOOD_PRESSURE_METRICS: ReadonlySet<string> = new Set(['systolic_bp', 'diastolic_bp']);

/**
 * The daily totals the server keeps (health-data's `daily_totals`: steps, distance, elevation, active
 * calories, swim strokes), each cut on the user's local day. Typed against health-data's list, so a
 * metric added there and not here fails to compile.
 */
const DAILY_TOTALS = {
  steps: true,
  distance: true,
  elevation: true,
  active_calories: true,
  swim_strokes: true,
} satisfies Record<DailyTotalMetric, true>;

export const hasDailyTotal = (metric: string): metric is DailyTotalMetric => metric in DAILY_TOTALS;

/**
 * csv/blood_pressure.csv: one row per blood-pressure reading (deleted ones left out), oldest first,
 * with the pulse taken with it; values as corrected (data.json keeps the originals).
 */
export async function* bloodPressureCsv(
  db: Executor,
  userId: string,
  pages: PageOptions,
  advance: (rows: number) => void,
): AsyncGenerator<string> {
  yield stringify([
    [
      'local_time',
      'utc_time',
      'systolic_mmHg',
      'diastolic_mmHg',
      'pulse_bpm',
      'source',
      'device_id',
      'reading_id',
    ],
  ]);
  for await (const page of readingPages(db, userId, pages)) {
    const rows = page.filter(isLive).flatMap((r) => {
      const value = (metric: string) => r.measures.find((m) => m.metric === metric)?.value ?? '';
      const systolic = value('systolic_bp');
      const diastolic = value('diastolic_bp');
      if (systolic === '' && diastolic === '') return [];
      return [
        [
          localIso(r.takenAt.getTime(), r.utcOffsetMinutes),
          r.takenAt.toISOString(),
          systolic,
          diastolic,
          value('heart_rate'),
          r.source,
          r.deviceId ?? '',
          r.id,
        ],
      ];
    });
    if (rows.length) yield stringify(rows);
    // Progress counts measures (build-export.ts estimateTotal): the two pressures of each reading.
    advance(
      page.reduce((n, r) => n + r.measures.filter((m) => BLOOD_PRESSURE_METRICS.has(m.metric)).length, 0),
    );
  }
}

/**
 * csv/<metric>_daily.csv: the metric's total per local day, as the app shows it: the day in the
 * account's time zone (`time_zone`, the zone the day was cut in), from every source of the day.
 * Days with none of this metric are left out.
 */
export async function* dailyTotalsCsv(
  db: Executor,
  userId: string,
  metric: DailyTotalMetric,
  pages: PageOptions,
  advance: (rows: number) => void,
): AsyncGenerator<string> {
  const unit = getMetric(metric)?.unit ?? '';
  yield stringify([['date', 'total', 'unit', 'time_zone']]);
  const days = derivedPages(db, userId, 'daily_totals', {
    pageRows: pages.pageRows,
    section: `daily_totals:${metric}`,
    probe: pages.probe,
  });
  for await (const page of days) {
    const rows = page
      .filter((d) => d.details[metric] > 0)
      .map((d) => [d.details.date, d.details[metric], unit, d.details.timeZone]);
    if (rows.length) yield stringify(rows);
    advance(page.length);
  }
}
