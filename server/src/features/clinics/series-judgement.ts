import {
  type AlertSeverity,
  judge,
  type MonitoredMetric,
  monitoredMetrics,
  severityRank,
} from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { seriesPointsBetween, type WrittenRanges } from '../health-data';

type SeriesPoint = { t: number; v: number };
interface Judged {
  takenAt: Date;
  values: Record<string, number>;
  severity: AlertSeverity | null;
}

/**
 * The metrics a watch sends as intraday series that thresholds judge by one value (SpO2, body
 * temperature): a blood pressure or a weight gain is a reading's pair or history, never a series point.
 */
function seriesMetricOf(metric: MonitoredMetric): string | undefined {
  const catalog = monitoredMetrics[metric].catalog as readonly string[];
  return metric !== 'weight_gain' && catalog.length === 1 ? catalog[0] : undefined;
}

/**
 * The series points of `metric` in the span this write touched (none for a metric a series cannot
 * carry). Called only for a patient who shares the metric with a clinic: a plain series sync of a
 * patient enrolled nowhere never reads it.
 */
export async function writtenSeriesPoints(
  tx: Executor,
  userId: string,
  metric: MonitoredMetric,
  written: WrittenRanges,
): Promise<SeriesPoint[]> {
  const name = seriesMetricOf(metric);
  const span = name ? written.metrics.get(name) : undefined;
  if (!name || !span) return [];
  return seriesPointsBetween(tx, userId, name, span.start, span.end);
}

/**
 * The readings' judgements with the series span's one added: its worst point (the highest severity,
 * the earliest of equals), or when every point is in range its last one, which ends a running episode
 * as an in-range reading does. One judgement per span, so a night of SpO2 minutes below the limit is
 * one episode and one alert, like a run of readings.
 */
export function withSeriesJudgement(
  metric: MonitoredMetric,
  limits: Record<string, number>,
  points: SeriesPoint[],
  judged: Judged[],
): Judged[] {
  const name = seriesMetricOf(metric);
  if (!name || !points.length) return judged;
  let worst: { p: SeriesPoint; severity: AlertSeverity } | undefined;
  for (const p of points) {
    const severity = judge(metric, limits, { [name]: p.v });
    if (severity && (!worst || severityRank[severity] > severityRank[worst.severity]))
      worst = { p, severity };
  }
  const chosen = worst?.p ?? (points[points.length - 1] as SeriesPoint);
  const span: Judged = {
    takenAt: new Date(chosen.t),
    values: { [name]: chosen.v },
    severity: worst?.severity ?? null,
  };
  return [...judged, span].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
}
