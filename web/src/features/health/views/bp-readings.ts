/**
 * Pure shaping of blood-pressure readings for their page: one row per reading (systolic, diastolic,
 * pulse, category), averages per local day / week / month, the guideline's bands for the chart, and
 * the pages of the table.
 *
 * Guideline: the 2017 ACC/AHA guideline (Whelton et al., Hypertension 2018;71:e13), the one the server
 * classifies readings by (core's classifyBloodPressure, stored as the derived `bp_category`). The page
 * names it in its legend; the bands below are its thresholds, tested against that classification.
 */
import type { ReadingOut } from '@vitalbase/core/health-data/api';
import { type BloodPressureCategory, classifyBloodPressure } from '@vitalbase/core/health-data/rules';
import { readingLocalDate } from '../../../i18n/format';
import type { Span } from './bands';

export interface BpRow {
  id: string;
  takenAt: string;
  /** The offset the reading was taken with: its day is the local day where it was lived. */
  utcOffsetMinutes: number;
  systolic: number;
  diastolic: number;
  /** The pulse measured with it, when the monitor sent one. */
  pulse: number | undefined;
  category: BloodPressureCategory;
}

/** The readings that hold both systolic and diastolic values, newest first. */
export function bpRows(readings: readonly ReadingOut[]): BpRow[] {
  const rows: BpRow[] = [];
  for (const r of readings) {
    const value = (metric: string) => r.measures.find((m) => m.metric === metric)?.value;
    const systolic = value('systolic_bp');
    const diastolic = value('diastolic_bp');
    if (systolic === undefined || diastolic === undefined) continue;
    rows.push({
      id: r.id,
      takenAt: r.takenAt,
      utcOffsetMinutes: r.utcOffsetMinutes,
      systolic,
      diastolic,
      pulse: value('heart_rate'),
      category: classifyBloodPressure(systolic, diastolic),
    });
  }
  return rows.sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
}

/** "117/80", as a blood pressure is read out. */
export function formatBp(systolic: number, diastolic: number): string {
  return `${Math.round(systolic)}/${Math.round(diastolic)}`;
}

export type AveragePeriod = 'day' | 'week' | 'month';

export interface PeriodAverage {
  /** The period's first local day (YYYY-MM-DD): a day, the Monday of an ISO week, the 1st of a month. */
  start: string;
  count: number;
  systolic: number;
  diastolic: number;
  /** Mean of the readings that carried a pulse; undefined when none did. */
  pulse: number | undefined;
}

/** The first day of the period (ISO weeks start on Monday) holding a local day. */
export function periodStart(day: string, period: AveragePeriod): string {
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

/** The period the averages are taken over for a chart range: days of a week, weeks of a month, months beyond. */
export function averagePeriodFor(range: string): AveragePeriod {
  return range === 'day' || range === 'week' ? 'day' : range === 'month' ? 'week' : 'month';
}

/** Mean systolic, diastolic and pulse of some readings, rounded to whole units; undefined for none. */
export function averageOf(rows: readonly BpRow[], start = ''): PeriodAverage | undefined {
  if (rows.length === 0) return undefined;
  const mean = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) / xs.length);
  const pulses = rows.flatMap((r) => (r.pulse === undefined ? [] : [r.pulse]));
  return {
    start,
    count: rows.length,
    systolic: mean(rows.map((r) => r.systolic)),
    diastolic: mean(rows.map((r) => r.diastolic)),
    pulse: pulses.length ? mean(pulses) : undefined,
  };
}

/** The averages per local period (the reading's own local day), newest period first. */
export function periodAverages(rows: readonly BpRow[], period: AveragePeriod): PeriodAverage[] {
  const groups = new Map<string, BpRow[]>();
  for (const r of rows) {
    const key = periodStart(readingLocalDate(r.takenAt, r.utcOffsetMinutes, undefined), period);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .flatMap(([start, list]) => averageOf(list, start) ?? []);
}

/** One page of a list, and how many pages there are (at least one, so "page 1 of 1" reads right). */
export function pageOf<T>(list: readonly T[], index: number, size: number): { items: T[]; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const at = Math.min(Math.max(0, index), pages - 1);
  return { items: list.slice(at * size, (at + 1) * size), pages };
}

/** A band of the guideline, in mmHg. */
export interface Band extends Span {
  category: BloodPressureCategory;
}

/**
 * The guideline's systolic thresholds as bands behind the chart (mmHg): < 120 normal, 120–129 elevated,
 * 130–139 stage 1, 140–180 stage 2, above 180 crisis.
 */
export const systolicBands: readonly Band[] = [
  { from: null, to: 120, category: 'normal' },
  { from: 120, to: 130, category: 'elevated' },
  { from: 130, to: 140, category: 'hypertension_stage_1' },
  { from: 140, to: 181, category: 'hypertension_stage_2' },
  { from: 181, to: null, category: 'hypertensive_crisis' },
];

/**
 * Its diastolic thresholds (mmHg), drawn as dashed lines: < 80 normal (there is no "elevated"
 * diastolic), 80–89 stage 1, 90–120 stage 2, above 120 crisis.
 */
export const diastolicBands: readonly Band[] = [
  { from: null, to: 80, category: 'normal' },
  { from: 80, to: 90, category: 'hypertension_stage_1' },
  { from: 90, to: 121, category: 'hypertension_stage_2' },
  { from: 121, to: null, category: 'hypertensive_crisis' },
];
