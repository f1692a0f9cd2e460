import {
  bloodPressureCategories,
  bmi,
  getMetric,
  classifyBloodPressure,
  localDateAtOffset,
  restingHeartRate,
  sleepSummary,
  type SleepStageSpan,
} from '@vitalbase/core';
import type { Executor } from '../../db/client';
import { timeZoneOf } from '../accounts';
import type { DerivedRepo, NewDerived } from './derived.repo';
import type { ReadingsRepo } from './readings.repo';
import type { SeriesRepo } from './series.repo';
import { forEachScaled } from './series-codec';
import { DAILY_TOTAL_METRICS, type DailyTotalMetric } from './derived-details';
import { afterHealthWrite, WrittenRanges } from './health-writes';
import { isoDay, OFFSET_SPAN_MS } from './series-fold';
import type { SessionsRepo } from './sessions.repo';

const DAILY_INPUT_LIST = [...DAILY_TOTAL_METRICS, 'heart_rate'];
const DAILY_INPUTS = new Set<string>(DAILY_INPUT_LIST);

/** Dates further apart than this start a new run; a run holds at most MAX_RUN dates (bounded reads). */
const RUN_GAP_DAYS = 3;
const MAX_RUN = 31;

/** Sorted dates cut into runs of neighbouring dates, each refreshed with one read of its inputs. */
function dateRuns(dates: Iterable<string>): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const date of [...dates].sort()) {
    const last = run.at(-1);
    const gap = last ? (Date.parse(date) - Date.parse(last)) / 86_400_000 : 0;
    if (run.length && (gap > RUN_GAP_DAYS || run.length >= MAX_RUN)) {
      runs.push(run);
      run = [];
    }
    run.push(date);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** What a write touched, so only the derived values depending on it are recomputed. */
export class AffectedInputs {
  /** Weigh-ins whose BMI must be recomputed; 'all' after a height change. */
  bmi: Set<string> | 'all' = new Set();
  bp = new Set<string>();
  /** Local dates of daily inputs (steps, distance, heart rate …), at their own offsets: recomputed. */
  dailyDates = new Set<string>();
  sleep = new Set<string>();
  /** What the write touched, for the write listeners (health-writes.ts): ranges, no values. */
  readonly written = new WrittenRanges();

  /** A reading lived at `utcOffsetMinutes`; without it, every date its instant may be lived on. */
  reading(id: string, metrics: Iterable<string>, takenAt: Date, utcOffsetMinutes?: number) {
    for (const m of metrics) {
      this.written.metric(m, takenAt);
      if (m === 'height') this.bmi = 'all';
      if (m === 'weight' && this.bmi !== 'all') this.bmi.add(id);
      if (m === 'systolic_bp' || m === 'diastolic_bp') this.bp.add(id);
      if (DAILY_INPUTS.has(m)) this.livedOn(takenAt.getTime(), utcOffsetMinutes);
    }
  }
  /** Points of a series day lived at `utcOffsetMinutes` (the day's offset after the write). */
  seriesPoints(metric: string, instants: Iterable<number>, utcOffsetMinutes?: number) {
    for (const t of instants) this.written.metric(metric, t);
    if (!DAILY_INPUTS.has(metric)) return;
    for (const t of instants) this.livedOn(t, utcOffsetMinutes);
  }
  private livedOn(t: number, utcOffsetMinutes: number | undefined) {
    if (utcOffsetMinutes !== undefined) {
      this.dailyDates.add(localDateAtOffset(t, utcOffsetMinutes));
      return;
    }
    // Offsets run from −12:00 to +14:00: the instant is lived on one of these dates.
    this.dailyDates.add(localDateAtOffset(t, -720));
    this.dailyDates.add(localDateAtOffset(t, 0));
    this.dailyDates.add(localDateAtOffset(t, 840));
  }
  /**
   * A stored series day whose offset a write changed: every point of it moves to the other clock, so
   * each local date the whole UTC day touched at the old offset is recomputed too.
   */
  seriesDayMoved(metric: string, utcDay: string, oldOffsetMinutes: number) {
    if (!DAILY_INPUTS.has(metric)) return;
    const start = Date.parse(`${utcDay}T00:00:00Z`);
    this.dailyDates.add(localDateAtOffset(start, oldOffsetMinutes));
    this.dailyDates.add(localDateAtOffset(start + 86_400_000 - 1, oldOffsetMinutes));
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
  derived: Pick<DerivedRepo, 'upsert' | 'upsertMany' | 'remove' | 'removeKinds' | 'dailyInputs'>;
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

  /**
   * Recomputes the per-day rows of some local dates. A value belongs to the date it was lived: its own
   * offset's date (readings: theirs; series points: their day's), not the account's zone, so a travel
   * day counts every step once, where it was taken (docs/time-zones.md). Its inputs lie in UTC from
   * 14 h before the date to 12 h after it. Set-based (issue 17): the dates go in runs of neighbouring
   * dates; a run's inputs are read in two queries (series days, readings) and its rows written in one
   * multi-row upsert, not two reads and two writes per date; since then the two reads are one.
   */
  async function refreshDays(userId: string, dates: Set<string>, now: Date, tx: Executor, zone?: string) {
    if (!dates.size) return;
    const timeZone = zone ?? (await timeZoneOf(tx, userId));
    for (const run of dateRuns(dates)) await refreshDateRun(userId, run, now, tx, timeZone);
  }

  async function refreshDateRun(userId: string, run: string[], now: Date, tx: Executor, zone: string) {
    // Dates as day numbers since the epoch: a point's date is one division, no text per point.
    const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    const wanted = new Set(run.map(dayNumber));
    const from = Date.parse(`${run[0]}T00:00:00Z`);
    const to = Date.parse(`${run.at(-1)}T00:00:00Z`) + 86_400_000;
    /** Per date: its inputs by metric, and the offset of its first input (where the day began). */
    const byDate = new Map<
      number,
      { values: Map<string, number[]>; first?: { t: number; offset: number } }
    >();
    const push = (metric: string, t: number, offset: number, v: number) => {
      const date = Math.floor((t + offset * 60_000) / 86_400_000);
      if (!wanted.has(date)) return;
      let day = byDate.get(date);
      if (!day) {
        day = { values: new Map() };
        byDate.set(date, day);
      }
      if (!day.first || t < day.first.t) day.first = { t, offset };
      const list = day.values.get(metric);
      if (list) list.push(v);
      else day.values.set(metric, [v]);
    };
    for (const input of await deps.derived.dailyInputs(
      userId,
      DAILY_INPUT_LIST,
      { from: isoDay(from - OFFSET_SPAN_MS.ahead), to: isoDay(to - 1 + OFFSET_SPAN_MS.behind) },
      { from: new Date(from - OFFSET_SPAN_MS.ahead), to: new Date(to + OFFSET_SPAN_MS.behind) },
      tx,
    )) {
      if (input.kind === 'reading') {
        push(input.metric, input.at, input.utcOffsetMinutes, input.value);
        continue;
      }
      const scale = 10 ** (getMetric(input.metric)?.decimals ?? 0);
      forEachScaled({ ...input, dayStart: Date.parse(`${input.day}T00:00:00Z`) }, (t, v) =>
        push(input.metric, t, input.utcOffsetMinutes, v / scale),
      );
    }
    const rows: NewDerived[] = [];
    const gone = { daily_totals: [] as string[], resting_heart_rate: [] as string[] };
    for (const date of run) {
      const day = byDate.get(dayNumber(date));
      const startOfDay = day?.first && {
        at: new Date(Date.parse(`${date}T00:00:00Z`) - day.first.offset * 60_000),
        utcOffsetMinutes: day.first.offset,
      };
      const values = (metric: string) => day?.values.get(metric) ?? [];
      const total = (metric: DailyTotalMetric) =>
        Math.round(values(metric).reduce((s, v) => s + v, 0) * 10) / 10;
      if (startOfDay && DAILY_TOTAL_METRICS.some((metric) => day?.values.has(metric))) {
        const totals: Record<DailyTotalMetric, number> = {
          steps: total('steps'),
          distance: total('distance'),
          elevation: total('elevation'),
          active_calories: total('active_calories'),
          swim_strokes: total('swim_strokes'),
        };
        rows.push({
          userId,
          kind: 'daily_totals',
          key: date,
          ...startOfDay,
          value: totals.steps ?? 0,
          details: { date, timeZone: zone, ...totals },
          computedAt: now,
        });
      } else gone.daily_totals.push(date);
      const resting = restingHeartRate(values('heart_rate'));
      if (startOfDay && resting !== null) {
        rows.push({
          userId,
          kind: 'resting_heart_rate',
          key: date,
          ...startOfDay,
          value: resting,
          details: { date, timeZone: zone },
          computedAt: now,
        });
      } else gone.resting_heart_rate.push(date);
    }
    await deps.derived.upsertMany(rows, tx);
    await deps.derived.remove(userId, 'daily_totals', gone.daily_totals, tx);
    await deps.derived.remove(userId, 'resting_heart_rate', gone.resting_heart_rate, tx);
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
     * Every per-day row cut again: the rows go and every local date holding an input is recomputed.
     * Inputs are found by their UTC days (two indexed DISTINCT queries); a UTC day's inputs are lived on
     * its date, the day before (offsets up to −12:00) or the day after (up to +14:00). The account's
     * zone changing calls this (its name is in each row's details), and it re-cuts days stored before
     * the rule of each value's own offset.
     */
    async refreshAllDays(userId: string, now: Date, tx: Executor) {
      const utcDays = new Set([
        ...(await deps.series.daysOfMetrics(userId, DAILY_INPUT_LIST, tx)),
        ...(await deps.readings.daysOfMetrics(userId, DAILY_INPUT_LIST, tx)),
      ]);
      const dates = new Set<string>();
      for (const day of utcDays) {
        const start = Date.parse(`${day}T00:00:00Z`);
        for (const shift of [-1, 0, 1]) dates.add(isoDay(start + shift * 86_400_000));
      }
      await deps.derived.removeKinds(userId, ['daily_totals', 'resting_heart_rate'], tx);
      await refreshDays(userId, dates, now, tx);
    },

    /**
     * `timeZone`: the account's, when the caller read it already (the ingest does); `checked`: the
     * answers to the write listeners' checks, read with it (health-writes.ts).
     */
    async refresh(
      userId: string,
      affected: AffectedInputs,
      now: Date,
      tx: Executor,
      timeZone?: string,
      checked?: readonly boolean[],
    ) {
      await refreshBmi(userId, affected.bmi, now, tx);
      await refreshBp(userId, affected.bp, now, tx);
      await refreshDays(userId, affected.dailyDates, now, tx, timeZone);
      await refreshSleep(userId, affected.sleep, now, tx);
      // Every write of health data ends here, inside its transaction: the listeners (the partners'
      // outbox) write in the same commit, so a notification is never lost nor sent for a rollback.
      await afterHealthWrite(tx, userId, affected.written, now, checked);
    },
  };
}
export type DerivedService = ReturnType<typeof createDerivedService>;
