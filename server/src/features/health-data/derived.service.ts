import {
  bloodPressureCategories,
  bmi,
  getMetric,
  classifyBloodPressure,
  localDate,
  localDayStart,
  nextPeriod,
  restingHeartRate,
  sleepSummary,
  type SleepStageSpan,
} from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { timeZoneOf } from '../accounts';
import type { DerivedRepo } from './derived.repo';
import type { ReadingsRepo } from './readings.repo';
import type { SeriesRepo } from './series.repo';
import { forEachScaled } from './series-codec';
import { DAILY_TOTAL_METRICS, type DailyTotalMetric } from './derived-details';
import { afterHealthWrite, WrittenRanges } from './health-writes';
import { isoDay } from './series-fold';
import type { SessionsRepo } from './sessions.repo';

const DAILY_INPUT_LIST = [...DAILY_TOTAL_METRICS, 'heart_rate'];
const DAILY_INPUTS = new Set<string>(DAILY_INPUT_LIST);

/** What a write touched, so only the derived values depending on it are recomputed. */
export class AffectedInputs {
  /** Weigh-ins whose BMI must be recomputed; 'all' after a height change. */
  bmi: Set<string> | 'all' = new Set();
  bp = new Set<string>();
  /** Instants of daily inputs (steps, distance, heart rate …): their local days are recomputed. */
  dailyInstants = new Set<number>();
  sleep = new Set<string>();
  /** What the write touched, for the write listeners (health-writes.ts): ranges, no values. */
  readonly written = new WrittenRanges();

  reading(id: string, metrics: Iterable<string>, takenAt: Date) {
    for (const m of metrics) {
      this.written.metric(m, takenAt);
      if (m === 'height') this.bmi = 'all';
      if (m === 'weight' && this.bmi !== 'all') this.bmi.add(id);
      if (m === 'systolic_bp' || m === 'diastolic_bp') this.bp.add(id);
      if (DAILY_INPUTS.has(m)) this.dailyInstants.add(takenAt.getTime());
    }
  }
  seriesPoints(metric: string, instants: Iterable<number>) {
    for (const t of instants) this.written.metric(metric, t);
    if (!DAILY_INPUTS.has(metric)) return;
    for (const t of instants) this.dailyInstants.add(t);
  }
}

export interface DerivedDeps {
  readings: Pick<ReadingsRepo, 'find' | 'latestValue' | 'valuesByMetrics' | 'daysOfMetrics'> & {
    weighIns(
      userId: string,
      tx: Executor,
    ): Promise<Array<{ readingId: string; value: number; takenAt: Date }>>;
  };
  series: Pick<SeriesRepo, 'listDaysOfMetrics' | 'daysOfMetrics'>;
  sessions: Pick<SessionsRepo, 'find'>;
  derived: Pick<DerivedRepo, 'upsert' | 'remove' | 'removeKinds'>;
}

/**
 * Derived values, recomputed inside the write's transaction whenever their inputs change, and stored
 * apart from raw values (health_derived): BMI, blood-pressure category, daily totals, resting heart
 * rate, sleep summary.
 */
export function createDerivedService(deps: DerivedDeps) {
  async function refreshBmi(userId: string, which: Set<string> | 'all', now: Date, tx: Executor) {
    if (which !== 'all' && !which.size) return;
    const height = await deps.readings.latestValue(userId, 'height', tx);
    const all = await deps.readings.weighIns(userId, tx);
    const targets = which === 'all' ? all : all.filter((w) => which.has(w.readingId));
    const gone = which === 'all' ? [] : [...which].filter((id) => !targets.some((w) => w.readingId === id));
    await deps.derived.remove(userId, 'bmi', gone, tx);
    if (!height) {
      await deps.derived.remove(
        userId,
        'bmi',
        targets.map((w) => w.readingId),
        tx,
      );
      return;
    }
    for (const w of targets) {
      const reading = await deps.readings.find(userId, w.readingId, tx);
      await deps.derived.upsert(
        {
          userId,
          kind: 'bmi',
          key: w.readingId,
          at: w.takenAt,
          utcOffsetMinutes: reading?.utcOffsetMinutes ?? 0,
          value: bmi(w.value, height.value),
          details: { weightKg: w.value, heightM: height.value, heightReadingId: height.readingId },
          computedAt: now,
        },
        tx,
      );
    }
  }

  async function refreshBp(userId: string, ids: Set<string>, now: Date, tx: Executor) {
    for (const id of ids) {
      const reading = await deps.readings.find(userId, id, tx);
      const sys = reading?.measures.find((m) => m.metric === 'systolic_bp')?.value;
      const dia = reading?.measures.find((m) => m.metric === 'diastolic_bp')?.value;
      if (!reading || sys === undefined || dia === undefined) {
        await deps.derived.remove(userId, 'bp_category', [id], tx);
        continue;
      }
      const category = classifyBloodPressure(sys, dia);
      await deps.derived.upsert(
        {
          userId,
          kind: 'bp_category',
          key: id,
          at: reading.takenAt,
          utcOffsetMinutes: reading.utcOffsetMinutes,
          value: null,
          label: category,
          details: {
            systolic: sys,
            diastolic: dia,
            name: bloodPressureCategories[category],
            guideline: '2017 ACC/AHA',
          },
          computedAt: now,
        },
        tx,
      );
    }
  }

  async function refreshDays(userId: string, instants: Set<number>, now: Date, tx: Executor) {
    if (!instants.size) return;
    const zone = await timeZoneOf(tx, userId);
    const dates = new Set([...instants].map((t) => localDate(t, zone)));
    for (const date of dates) {
      const from = localDayStart(date, zone);
      const to = localDayStart(nextPeriod(date, 'day'), zone);
      // Every input of the day in two queries (series days, readings), not two per metric.
      const byMetric = new Map<string, number[]>();
      const push = (metric: string, v: number) => {
        const list = byMetric.get(metric);
        if (list) list.push(v);
        else byMetric.set(metric, [v]);
      };
      for (const row of await deps.series.listDaysOfMetrics(
        userId,
        DAILY_INPUT_LIST,
        isoDay(from),
        isoDay(to - 1),
        tx,
      )) {
        const scale = 10 ** (getMetric(row.metric)?.decimals ?? 0);
        forEachScaled({ ...row, width: row.width, dayStart: Date.parse(`${row.day}T00:00:00Z`) }, (t, v) => {
          if (t >= from && t < to) push(row.metric, v / scale);
        });
      }
      for (const r of await deps.readings.valuesByMetrics(
        userId,
        DAILY_INPUT_LIST,
        new Date(from),
        new Date(to),
        tx,
      ))
        push(r.metric, r.value);
      const values = async (metric: string) => byMetric.get(metric) ?? [];
      const any = DAILY_TOTAL_METRICS.some((metric) => byMetric.has(metric));
      const total = (metric: DailyTotalMetric) =>
        Math.round((byMetric.get(metric) ?? []).reduce((s, v) => s + v, 0) * 10) / 10;
      const totals: Record<DailyTotalMetric, number> = {
        steps: total('steps'),
        distance: total('distance'),
        elevation: total('elevation'),
        active_calories: total('active_calories'),
        swim_strokes: total('swim_strokes'),
      };
      if (any) {
        await deps.derived.upsert(
          {
            userId,
            kind: 'daily_totals',
            key: date,
            at: new Date(from),
            value: totals.steps ?? 0,
            details: { date, timeZone: zone, ...totals },
            computedAt: now,
          },
          tx,
        );
      } else await deps.derived.remove(userId, 'daily_totals', [date], tx);
      const resting = restingHeartRate(await values('heart_rate'));
      if (resting !== null) {
        await deps.derived.upsert(
          {
            userId,
            kind: 'resting_heart_rate',
            key: date,
            at: new Date(from),
            value: resting,
            details: { date, timeZone: zone },
            computedAt: now,
          },
          tx,
        );
      } else await deps.derived.remove(userId, 'resting_heart_rate', [date], tx);
    }
  }

  async function refreshSleep(userId: string, ids: Set<string>, now: Date, tx: Executor) {
    for (const id of ids) {
      const s = await deps.sessions.find(userId, id, tx);
      if (s?.type !== 'sleep') {
        await deps.derived.remove(userId, 'sleep_summary', [id], tx);
        continue;
      }
      const base = s.startAt.getTime();
      const stages: SleepStageSpan[] = s.stages.map((x) => ({
        stage: x.stage as SleepStageSpan['stage'],
        start: base + x.start * 1000,
        end: base + x.end * 1000,
      }));
      const snoring = s.events
        .filter((e) => e.type === 'snoring')
        .map((e) => ({ start: base + e.start * 1000, end: base + e.end * 1000 }));
      const summary = sleepSummary({ start: base, end: s.endAt.getTime() }, stages, snoring);
      await deps.derived.upsert(
        {
          userId,
          kind: 'sleep_summary',
          key: id,
          at: s.endAt,
          utcOffsetMinutes: s.utcOffsetMinutes,
          value: summary.score,
          details: { ...summary, sessionStart: s.startAt.toISOString() },
          computedAt: now,
        },
        tx,
      );
    }
  }

  return {
    /**
     * The user's zone changed: the per-day rows (daily totals, resting heart rate) were cut on the old
     * local days, so they go and every day holding an input is cut again on the new zone. Inputs are
     * found by their UTC days (two indexed DISTINCT queries); an instant every hour of each UTC day
     * names every local day it overlaps in any zone (a local day is at least 23 hours long).
     */
    async refreshAllDays(userId: string, now: Date, tx: Executor) {
      const utcDays = new Set([
        ...(await deps.series.daysOfMetrics(userId, DAILY_INPUT_LIST, tx)),
        ...(await deps.readings.daysOfMetrics(userId, DAILY_INPUT_LIST, tx)),
      ]);
      const instants = new Set<number>();
      for (const day of utcDays) {
        const start = Date.parse(`${day}T00:00:00Z`);
        for (let hour = 0; hour < 24; hour++) instants.add(start + hour * 3_600_000);
        instants.add(start + 86_400_000 - 1);
      }
      await deps.derived.removeKinds(userId, ['daily_totals', 'resting_heart_rate'], tx);
      await refreshDays(userId, instants, now, tx);
    },

    async refresh(userId: string, affected: AffectedInputs, now: Date, tx: Executor) {
      await refreshBmi(userId, affected.bmi, now, tx);
      await refreshBp(userId, affected.bp, now, tx);
      await refreshDays(userId, affected.dailyInstants, now, tx);
      await refreshSleep(userId, affected.sleep, now, tx);
      // Every write of health data ends here, inside its transaction: the listeners (the partners'
      // outbox) write in the same commit, so a notification is never lost nor sent for a rollback.
      await afterHealthWrite(tx, userId, affected.written, now);
    },
  };
}
export type DerivedService = ReturnType<typeof createDerivedService>;
