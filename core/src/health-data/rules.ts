import { roundTo } from './units';

/**
 * Pure rules behind the derived values. The app shows them as information, never as a diagnosis
 * [terms 2.11]; each names the source it follows.
 */

/** Body mass index, kg/m², one decimal. */
export function bmi(weightKg: number, heightM: number): number {
  return roundTo(weightKg / (heightM * heightM), 1);
}

/** Blood-pressure categories of the 2017 ACC/AHA guideline (Whelton et al., Hypertension 2018;71:e13). */
export const bloodPressureCategories = {
  normal: 'Normal',
  elevated: 'Elevated',
  hypertension_stage_1: 'Stage 1 hypertension',
  hypertension_stage_2: 'Stage 2 hypertension',
  hypertensive_crisis: 'Hypertensive crisis',
} as const;
export type BloodPressureCategory = keyof typeof bloodPressureCategories;

/**
 * The category of one reading: the higher of the systolic and diastolic categories (the guideline
 * classifies by whichever is worse). Crisis: systolic > 180 and/or diastolic > 120.
 */
export function classifyBloodPressure(systolic: number, diastolic: number): BloodPressureCategory {
  if (systolic > 180 || diastolic > 120) return 'hypertensive_crisis';
  if (systolic >= 140 || diastolic >= 90) return 'hypertension_stage_2';
  if (systolic >= 130 || diastolic >= 80) return 'hypertension_stage_1';
  if (systolic >= 120) return 'elevated';
  return 'normal';
}

/**
 * Resting heart rate of a day: the mean of the lowest tenth of its heart-rate values (minute points),
 * which falls in sleep or quiet rest. Needs an hour of values, or it says nothing (null).
 */
export function restingHeartRate(values: readonly number[]): number | null {
  if (values.length < 60) return null;
  // A typed array sorts numbers natively: a comparator called per comparison cost a fifth of a
  // one-day sync's Node CPU (issue 17). Same values in the same order, so the same sum.
  const sorted = Float64Array.from(values).sort();
  const n = Math.max(1, Math.floor(sorted.length / 10));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return Math.round(sum / n);
}

export interface SleepStageSpan {
  stage: 'awake' | 'light' | 'deep' | 'rem';
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
}
export interface SleepSummary {
  inBedSeconds: number;
  asleepSeconds: number;
  awakeSeconds: number;
  lightSeconds: number;
  deepSeconds: number;
  remSeconds: number;
  /** Seconds from going to bed to the first sleep stage. */
  latencySeconds: number;
  /** asleep / in bed, 0–1. */
  efficiency: number;
  /** Awake episodes between the first and the last sleep stage. */
  wakeUps: number;
  snoringSeconds: number;
  snoringEpisodes: number;
  /** 0–100; see sleepScore. */
  score: number;
}

/** Spans merged where they overlap or touch, in time order. */
export function unionOf(
  spans: ReadonlyArray<{ start: number; end: number }>,
): Array<{ start: number; end: number }> {
  const merged: Array<{ start: number; end: number }> = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

/**
 * A night's summary from its stages. Time in bed is the session span; time not covered by any stage
 * counts as awake.
 */
export function sleepSummary(
  session: { start: number; end: number },
  stages: readonly SleepStageSpan[],
  snoring: ReadonlyArray<{ start: number; end: number }> = [],
): SleepSummary {
  const seconds = { awake: 0, light: 0, deep: 0, rem: 0 };
  const sorted = [...stages].sort((a, b) => a.start - b.start);
  for (const s of sorted) seconds[s.stage] += (s.end - s.start) / 1000;
  const inBed = (session.end - session.start) / 1000;
  const asleep = seconds.light + seconds.deep + seconds.rem;
  const sleeping = sorted.filter((s) => s.stage !== 'awake');
  const first = sleeping[0];
  const last = sleeping.at(-1);
  let wakeUps = 0;
  if (first && last) {
    for (const s of sorted) if (s.stage === 'awake' && s.start >= first.end && s.end <= last.start) wakeUps++;
  }
  const efficiency = inBed > 0 ? roundTo(asleep / inBed, 3) : 0;
  // Several sources may report the same snoring: overlapping events are one episode, counted once.
  const snoringSpans = unionOf(snoring);
  const summary = {
    inBedSeconds: Math.round(inBed),
    asleepSeconds: Math.round(asleep),
    awakeSeconds: Math.round(inBed - asleep),
    lightSeconds: Math.round(seconds.light),
    deepSeconds: Math.round(seconds.deep),
    remSeconds: Math.round(seconds.rem),
    latencySeconds: first ? Math.round((first.start - session.start) / 1000) : Math.round(inBed),
    efficiency,
    wakeUps,
    snoringSeconds: Math.round(snoringSpans.reduce((s, e) => s + (e.end - e.start) / 1000, 0)),
    snoringEpisodes: snoringSpans.length,
  };
  return { ...summary, score: sleepScore(summary) };
}

/**
 * Sleep score 0–100, our own transparent formula (not a clinical scale): duration 50 points (full at 8 h
 * asleep), efficiency 25 (0 at 65 %, full at 95 %), deep + REM share 15 (full at 40 % of sleep),
 * continuity 10 (minus 2 per wake-up).
 */
export function sleepScore(s: Omit<SleepSummary, 'score'>): number {
  if (s.asleepSeconds <= 0) return 0;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const duration = 50 * clamp(s.asleepSeconds / (8 * 3600));
  const efficiency = 25 * clamp((s.efficiency - 0.65) / 0.3);
  const restorative = 15 * clamp((s.deepSeconds + s.remSeconds) / s.asleepSeconds / 0.4);
  const continuity = Math.max(0, 10 - 2 * s.wakeUps);
  return Math.round(duration + efficiency + restorative + continuity);
}
