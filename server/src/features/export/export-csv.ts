import { getMetric } from '@vitalbase/core';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/client';
import { localIso } from './export-format';
import { ByteText } from './byte-text';
import { writeSeriesDayCsv } from './series-csv';
import { measurePages, type PageOptions, seriesDayPages, isLive, sessionPages } from '../health-data';

const METRIC_CSV_COLUMNS = [
  'local_time',
  'utc_time',
  'value',
  'unit',
  'source',
  'device_id',
  'kind',
  'original_value',
] as const;

/**
 * csv/<metric>.csv: every value of one metric, readings first then series points, each oldest first,
 * with the local time where it was taken (and its offset), UTC, the canonical unit and the source.
 * `original_value` is the value as first recorded when the user corrected it.
 */
export async function* metricCsv(
  db: Executor,
  userId: string,
  metric: string,
  pages: PageOptions,
  advance: (rows: number) => void,
): AsyncGenerator<string | Buffer> {
  const unit = getMetric(metric)?.unit ?? '';
  yield stringify([METRIC_CSV_COLUMNS as unknown as string[]]);
  for await (const page of measurePages(db, userId, metric, pages)) {
    yield stringify(
      page.map((v) => [
        localIso(v.takenAt.getTime(), v.utcOffsetMinutes),
        v.takenAt.toISOString(),
        v.value,
        unit,
        v.source,
        v.deviceId ?? '',
        'reading',
        v.originalValue ?? '',
      ]),
    );
    advance(page.length);
  }
  const out = new ByteText();
  for await (const page of seriesDayPages(db, userId, { ...pages, metric })) {
    for (const day of page) writeSeriesDayCsv(out, day, unit);
    const bytes = out.take();
    if (bytes) yield bytes;
    advance(page.length);
  }
}

/** csv/sessions.csv: nights and workouts (deleted ones left out), with their totals. */
export async function* sessionsCsv(
  db: Executor,
  userId: string,
  pages: PageOptions,
  advance: (rows: number) => void,
): AsyncGenerator<string> {
  yield stringify([
    [
      'type',
      'start_local',
      'start_utc',
      'end_local',
      'end_utc',
      'duration_s',
      'workout_type',
      'source',
      'device_id',
      'totals',
    ],
  ]);
  for await (const page of sessionPages(db, userId, pages)) {
    const rows = page
      .filter(isLive)
      .map((s) => [
        s.type,
        localIso(s.startAt.getTime(), s.utcOffsetMinutes),
        s.startAt.toISOString(),
        localIso(s.endAt.getTime(), s.utcOffsetMinutes),
        s.endAt.toISOString(),
        Math.round((s.endAt.getTime() - s.startAt.getTime()) / 1000),
        s.workoutType ?? '',
        s.source,
        s.deviceId ?? '',
        s.metrics.map((m) => `${m.metric}=${m.value}`).join(' '),
      ]);
    if (rows.length) yield stringify(rows);
    advance(page.length);
  }
}
