/**
 * Pure shaping of sleep sessions for the sleep page: one summary per night (the server's derived
 * sleep_summary, the same rule recomputed where the server has not answered one yet), the hypnogram's
 * blocks and its clock-time ticks in the night's own local time, and the stacked bars of several nights.
 */
import type { SessionOut } from '@vitalbase/core/health-data/api';
import { type SleepStageSpan, type SleepSummary, sleepSummary } from '@vitalbase/core/health-data/rules';
import { readingLocalDate } from '../../../i18n/format';

export type Stage = SleepStageSpan['stage'];
/** Bottom to top, as hypnograms are drawn (and as the bars are stacked): deep sleep lowest. */
export const stagesUpwards: readonly Stage[] = ['deep', 'light', 'rem', 'awake'];

export interface Night {
  id: string;
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  /** The offset the night was recorded with: its clock times are read in it. */
  utcOffsetMinutes: number;
  /** The local date the sleeper woke up on (YYYY-MM-DD): the day a night counts for, as in Health Mate. */
  wakeDay: string;
  summary: SleepSummary;
  /** True when the summary is the server's (derived) one; else it was recomputed here by the same rule. */
  fromServer: boolean;
  stages: SleepStageSpan[];
}

/** One item of GET /api/health-data/derived?kind=sleep_summary (`key` is the session id). */
export interface DerivedSleepItem {
  key: string;
  details: Record<string, unknown>;
}

const isStage = (s: string): s is Stage => (stagesUpwards as readonly string[]).includes(s);

function serverSummary(details: Record<string, unknown> | undefined): SleepSummary | undefined {
  if (!details) return undefined;
  const keys: Array<keyof SleepSummary> = [
    'inBedSeconds',
    'asleepSeconds',
    'awakeSeconds',
    'lightSeconds',
    'deepSeconds',
    'remSeconds',
    'latencySeconds',
    'efficiency',
    'wakeUps',
    'snoringSeconds',
    'snoringEpisodes',
    'score',
  ];
  if (!keys.every((k) => typeof details[k] === 'number')) return undefined;
  return Object.fromEntries(keys.map((k) => [k, details[k]])) as unknown as SleepSummary;
}

/** The sleep sessions with their summaries, newest night first. */
export function nightsOf(
  sessions: readonly SessionOut[],
  derived: readonly DerivedSleepItem[] = [],
): Night[] {
  const byId = new Map(derived.map((d) => [d.key, d.details]));
  return sessions
    .filter((s) => s.type === 'sleep')
    .map((s) => {
      const start = Date.parse(s.start);
      const end = Date.parse(s.end);
      const stages = s.stages
        .filter((x) => isStage(x.stage))
        .map((x) => ({ stage: x.stage as Stage, start: Date.parse(x.start), end: Date.parse(x.end) }))
        .sort((a, b) => a.start - b.start);
      const fromServer = serverSummary(byId.get(s.id));
      const snoring = s.events
        .filter((e) => e.type === 'snoring')
        .map((e) => ({ start: Date.parse(e.start), end: Date.parse(e.end) }));
      return {
        id: s.id,
        start,
        end,
        utcOffsetMinutes: s.utcOffsetMinutes,
        wakeDay: readingLocalDate(end, s.utcOffsetMinutes, undefined),
        summary: fromServer ?? sleepSummary({ start, end }, stages, snoring),
        fromServer: fromServer !== undefined,
        stages,
      };
    })
    .sort((a, b) => b.start - a.start);
}

/** The nights that count for a period: those woken up from on one of its local days (inclusive). */
export function nightsWithin<N extends Pick<Night, 'wakeDay'>>(
  nights: readonly N[],
  firstDay: string,
  lastDay: string,
): N[] {
  return nights.filter((n) => n.wakeDay >= firstDay && n.wakeDay <= lastDay);
}

/** Seconds in each stage of a night's summary (awake counts the time in bed no stage covers). */
export function stageSeconds(s: SleepSummary): Record<Stage, number> {
  return { deep: s.deepSeconds, light: s.lightSeconds, rem: s.remSeconds, awake: s.awakeSeconds };
}

/** Each stage's share of the time in bed, in whole percent. */
export function stagePercent(s: SleepSummary, stage: Stage): number {
  return s.inBedSeconds > 0 ? Math.round((100 * stageSeconds(s)[stage]) / s.inBedSeconds) : 0;
}

/** The blocks of a hypnogram, each with its level (0 = deep, at the bottom, … 3 = awake, at the top). */
export function hypnogramBlocks(night: Pick<Night, 'stages'>): Array<SleepStageSpan & { level: number }> {
  return night.stages.map((s) => ({ ...s, level: stagesUpwards.indexOf(s.stage) }));
}

/**
 * Clock-time ticks of a night: every whole hour of its own local time (every `stepHours` hours
 * when space is short), as instants in milliseconds.
 */
export function hourTicks(start: number, end: number, utcOffsetMinutes: number, stepHours = 1): number[] {
  const HOUR = 3_600_000;
  const shift = utcOffsetMinutes * 60_000;
  const step = stepHours * HOUR;
  // The first local hour that is a multiple of the step (00:00, 02:00… when the step is 2 h).
  let t = Math.ceil((start + shift) / step) * step - shift;
  const out: number[] = [];
  for (; t <= end; t += step) out.push(t);
  return out;
}

/** Total hours to put on the bars' axis: the longest night's time in bed, rounded up to a whole hour. */
export function barsTopHours(nights: readonly Pick<Night, 'summary'>[]): number {
  const longest = Math.max(0, ...nights.map((n) => n.summary.inBedSeconds));
  return Math.max(1, Math.ceil(longest / 3600));
}

/** A night's bar segments, bottom to top: each stage's start and end in seconds from the bar's foot. */
export function barSegments(s: SleepSummary): Array<{ stage: Stage; from: number; to: number }> {
  const seconds = stageSeconds(s);
  let at = 0;
  return stagesUpwards.map((stage) => {
    const from = at;
    at += seconds[stage];
    return { stage, from, to: at };
  });
}
