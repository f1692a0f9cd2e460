import type { Executor } from '../../db/client';
import type { PageOptions } from '../health-data';
import { metricCsv } from './export-csv';
import { BLOOD_PRESSURE_METRICS, bloodPressureCsv, dailyTotalsCsv, hasDailyTotal } from './export-csv-views';

export interface GeneratedFile {
  path: string;
  about: string;
  generate: () => AsyncIterable<string | Buffer>;
}

const csvName = (metric: string) => metric.replace(/[^a-z0-9_-]/gi, '_');
const BLOOD_PRESSURE_PATH = 'csv/blood_pressure.csv';

/**
 * The archive's CSV files of measured values, in the order of the metrics held: a file per metric
 * with every value; blood pressure as one file (systolic, diastolic and pulse per reading) instead of
 * one per pressure; and beside each metric the server totals per day, that total per local day.
 */
export function metricCsvFiles(
  db: Executor,
  userId: string,
  metrics: ReadonlyArray<{ metric: string; label: string }>,
  pages: PageOptions,
  advance: (rows: number) => void,
): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const { metric, label } of metrics) {
    if (BLOOD_PRESSURE_METRICS.has(metric)) {
      if (files.some((f) => f.path === BLOOD_PRESSURE_PATH)) continue;
      files.push({
        path: BLOOD_PRESSURE_PATH,
        about:
          'blood pressure: one row per reading with systolic, diastolic and pulse, local and UTC time, source',
        generate: () => bloodPressureCsv(db, userId, pages, advance),
      });
      continue;
    }
    files.push({
      path: `csv/${csvName(metric)}.csv`,
      about: `${label}: every value with local time, UTC time, value, unit and source`,
      generate: () => metricCsv(db, userId, metric, pages, advance),
    });
    if (hasDailyTotal(metric)) {
      files.push({
        path: `csv/${csvName(metric)}_daily.csv`,
        about: `${label}: the total of each local day (your time zone), from every source`,
        generate: () => dailyTotalsCsv(db, userId, metric, pages, advance),
      });
    }
  }
  return files;
}
