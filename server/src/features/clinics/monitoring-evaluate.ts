import {
  type AlertSeverity,
  judge,
  LATE_READING_MS,
  lowered,
  monitoredMetricApplies,
  type MonitoredMetric,
  monitoredMetricIds,
  monitoredMetrics,
  severityRank,
  thresholdPresets,
} from '@vitalbase/core';
import type { Executor } from '../../db/client';
import type { MeasureAt, WrittenRanges } from '../health-data';
import { type Episode, evaluationContext } from './evaluation-context.repo';
import { createMonitoringRepo } from './monitoring.repo';
import { withSeriesJudgement, writtenSeriesPoints } from './series-judgement';

const DAY = 24 * 3600_000;
/** A weight gain compares a weigh-in with the lightest of the 7 days before it. */
const WEIGHT_LOOKBACK = 7 * DAY;

interface Judgement {
  takenAt: Date;
  values: Record<string, number>;
  severity: AlertSeverity | null;
}

/** The readings of one metric since `from`, as threshold evaluation sees them (values per reading). */
function readingsOf(metric: MonitoredMetric, measures: MeasureAt[], from: number) {
  const byReading = new Map<string, { takenAt: Date; values: Record<string, number> }>();
  for (const m of measures) {
    const r = byReading.get(m.readingId) ?? { takenAt: m.takenAt, values: {} };
    r.values[m.metric] = m.value;
    byReading.set(m.readingId, r);
  }
  const all = [...byReading.values()].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  if (metric !== 'weight_gain') {
    return all.filter((r) => r.takenAt.getTime() >= from && Object.keys(r.values).length > 0);
  }
  // A weigh-in's gains over the lightest weight of the 24 h and 7 days before it.
  return all
    .filter((r) => r.takenAt.getTime() >= from && r.values.weight !== undefined)
    .map((r) => {
      const t = r.takenAt.getTime();
      const w = r.values.weight ?? 0;
      const before = (span: number) =>
        all
          .filter((o) => o.takenAt.getTime() < t && o.takenAt.getTime() >= t - span)
          .map((o) => o.values.weight ?? w);
      const gain = (span: number) => {
        const prior = before(span);
        return prior.length ? Math.round((w - Math.min(...prior)) * 100) / 100 : 0;
      };
      return { takenAt: r.takenAt, values: { weight: w, gain24h: gain(DAY), gain7d: gain(WEIGHT_LOOKBACK) } };
    });
}

/**
 * The clinics' monitoring, on health-data's write slot (features/index.ts): inside the write's
 * transaction, for each clinic the patient shares the metric's category with, the readings from the
 * start of what was written on are judged against the patient's thresholds (the programme preset when
 * staff set none), and episodes are opened, worsened or ended:
 *
 * - out of range, no running episode: an alert is raised, unless the reading falls in an episode that
 *   already ended (a re-judged or late copy of known history);
 * - out of range inside a running episode: nothing new, unless it is worse (severity raised, the alert
 *   open again, its age from now);
 * - in range, taken after the episode's last abnormal reading: the episode ends (the next abnormal
 *   reading raises a new alert). The alert stays in the queue until staff resolve it.
 *
 * A reading taken more than 24 h before it arrived is late: the alert says so and its severity is one
 * step lower (never urgent, never escalated). Re-judging the same readings changes nothing.
 *
 * A write that stored new items is also a transmission: the patient's calendar day (their zone) is
 * counted for each clinic they share with (adherence), and a running "no transmission" episode ends.
 * All of it is read and written in one statement (evaluation-context.repo.ts), the same one a patient
 * enrolled nowhere pays (an empty index range); only a change of episode costs more.
 */
/**
 * evaluateThresholds has something to do for the patient ($1): an enrolment not stopped (the `e` of
 * evaluation-context.repo.ts; enrolled nowhere, it reads and writes nothing). Answered with the
 * account's read by the ingest, which then skips the listener (issue 17).
 */
export const IS_ENROLLED =
  'EXISTS (SELECT 1 FROM clinic_enrolments WHERE user_id = $1::uuid AND stopped_at IS NULL)';

export async function evaluateThresholds(tx: Executor, userId: string, written: WrittenRanges, now: Date) {
  const touched = monitoredMetricIds.filter((m) =>
    (monitoredMetrics[m].catalog as readonly string[]).some((c) => written.metrics.has(c)),
  );
  if (!touched.length && !written.stored) return;
  const asked = touched.map((metric) => {
    const catalog = monitoredMetrics[metric].catalog as readonly string[];
    const start = Math.min(...catalog.map((c) => written.metrics.get(c)?.start ?? Number.POSITIVE_INFINITY));
    const lookback = metric === 'weight_gain' ? WEIGHT_LOOKBACK : 0;
    return { metric, catalog, start, from: new Date(start - lookback) };
  });
  const context = await evaluationContext(tx, userId, { now, stored: written.stored, asked });
  const { enrolments, thresholds } = context;
  if (!enrolments.length) return;

  for (const { metric, start } of asked) {
    const sharing = enrolments.filter((e) => monitoredMetricApplies(metric, e.categories));
    if (!sharing.length) continue;
    const readings = readingsOf(metric, context.measures.get(metric) ?? [], start);
    const points = await writtenSeriesPoints(tx, userId, metric, written);
    for (const e of sharing) {
      const stored = thresholds.find((t) => t.clinicId === e.clinicId && t.metric === metric);
      const limits = stored?.limits ?? (thresholdPresets[metric] as Record<string, number>);
      const judged: Judgement[] = withSeriesJudgement(
        metric,
        limits,
        points,
        readings.map((r) => ({ ...r, severity: judge(metric, limits, r.values) })),
      );
      const last = context.episodes.get(`${e.clinicId}:${metric}`);
      await applyEpisodes(tx, { userId, clinicId: e.clinicId, metric }, judged, now, last);
    }
  }
}

async function applyEpisodes(
  tx: Executor,
  key: { userId: string; clinicId: string; metric: MonitoredMetric },
  judged: Judgement[],
  now: Date,
  last: Episode | undefined,
) {
  const repo = createMonitoringRepo(tx);
  let running: Episode | undefined = last && !last.episodeEndedAt ? last : undefined;
  let endedAt = last?.episodeEndedAt?.getTime() ?? Number.NEGATIVE_INFINITY;

  for (const r of judged) {
    const t = r.takenAt.getTime();
    const late = now.getTime() - t > LATE_READING_MS;
    if (r.severity) {
      const severity = late ? lowered(r.severity) : r.severity;
      const reading = { values: r.values, takenAt: r.takenAt.toISOString() };
      if (running) {
        const worse = severityRank[severity] > severityRank[running.severity];
        const lastAbnormalAt = t > running.lastAbnormalAt.getTime() ? r.takenAt : running.lastAbnormalAt;
        if (!worse && lastAbnormalAt === running.lastAbnormalAt) continue;
        running =
          (await repo.updateAlert(
            key.userId,
            running.id,
            worse
              ? {
                  lastAbnormalAt,
                  severity,
                  late,
                  reading,
                  takenAt: r.takenAt,
                  raisedAt: now,
                  state: 'open',
                  acknowledgedAt: null,
                  acknowledgedBy: null,
                  resolvedAt: null,
                  resolvedBy: null,
                  escalatedAt: null,
                  updatedAt: now,
                }
              : { lastAbnormalAt, updatedAt: now },
            undefined,
            tx,
          )) ?? running;
      } else if (t > endedAt) {
        running = await repo.openEpisode(
          {
            userId: key.userId,
            clinicId: key.clinicId,
            metric: key.metric,
            episodeKey: `${key.metric}:${reading.takenAt}`,
            severity,
            late,
            reading,
            takenAt: r.takenAt,
            lastAbnormalAt: r.takenAt,
            raisedAt: now,
            updatedAt: now,
          },
          tx,
        );
        // A concurrent write opened it first: that episode stands, this reading is part of it.
        if (!running) return;
      }
    } else if (running && t > running.lastAbnormalAt.getTime()) {
      await repo.updateAlert(
        key.userId,
        running.id,
        { episodeEndedAt: r.takenAt, updatedAt: now },
        undefined,
        tx,
      );
      endedAt = t;
      running = undefined;
    }
  }
}
