import {
  getMetric,
  localDate,
  nextPeriod,
  SUMMARY_DAYS,
  type SummaryMetric,
  type SummaryOut,
} from '@vitalbase/core';
import type { Db } from '../../db/client';
import { timeZoneOf } from '../accounts';
import type { DerivedRepo } from './derived.repo';
import type { createQueryService } from './query.service';

type QueryService = ReturnType<typeof createQueryService>;

export interface SummaryDeps {
  db: Db;
  now: () => Date;
  query: Pick<QueryService, 'latest' | 'aggregates'>;
  derived: Pick<DerivedRepo, 'list'>;
}

interface Day {
  date: string;
  value: number | null;
  /** Values behind a mean (a mean of means would weigh a day of one reading like a day of a hundred). */
  count: number;
  sum: number | null;
}

/** The local date `n` days before `date` (calendar arithmetic, no time zone involved). */
function daysBefore(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/** The average over days [from, to) of `days` (indexes): of day totals for a sum, of every value for a mean. */
function windowAverage(days: Day[], from: number, to: number, aggregate: 'sum' | 'mean'): number | null {
  const window = days.slice(Math.max(0, from), Math.max(0, to)).filter((d) => d.count > 0);
  if (!window.length) return null;
  if (aggregate === 'sum') return window.reduce((a, d) => a + (d.value ?? 0), 0) / window.length;
  const count = window.reduce((a, d) => a + d.count, 0);
  return window.reduce((a, d) => a + (d.sum ?? 0), 0) / count;
}

function summarize(metric: string, unit: string, aggregate: 'sum' | 'mean', days: Day[]): SummaryMetric {
  // A sum leaves today out: steps under way are not a low day.
  const end = aggregate === 'sum' ? days.length - 1 : days.length;
  return {
    metric,
    unit,
    aggregate,
    days: days.map((d) => ({ date: d.date, value: d.value })),
    average7: windowAverage(days, end - 7, end, aggregate),
    previous7: windowAverage(days, end - 14, end - 7, aggregate),
  };
}

/**
 * The dashboard in one request: every metric the user has (device-health values left out), with its
 * last four weeks per local day, and the nights of sleep. Built from the query service's daily
 * aggregates, so a card and its chart agree.
 */
export function createSummaryService(deps: SummaryDeps) {
  return {
    async summary(userId: string): Promise<SummaryOut> {
      const zone = await timeZoneOf(deps.db, userId);
      const now = deps.now();
      const today = localDate(now.getTime(), zone);
      const first = daysBefore(today, SUMMARY_DAYS - 1);
      const latest = await deps.query.latest(userId);
      const metrics: SummaryMetric[] = [];
      for (const l of latest.raw) {
        const def = getMetric(l.metric);
        if (!def || def.category === 'technical') continue;
        const agg = await deps.query.aggregates(userId, {
          metric: def.id,
          period: 'day',
          from: first,
          to: today,
        });
        const days = agg.periods.map((p) => ({
          date: p.period,
          value: def.dailyAggregate === 'sum' ? p.sum : p.mean,
          count: p.count,
          sum: p.sum,
        }));
        metrics.push(summarize(def.id, def.unit, def.dailyAggregate, days));
      }
      const sleep = await sleepSummary(deps, userId, zone, first, today, now);
      if (sleep) metrics.push(sleep);
      return { timeZone: zone, today, metrics };
    },
  };
}

/** Time asleep per local day the nights ended on (the server's sleep summaries), as a "sleep" metric. */
async function sleepSummary(
  deps: SummaryDeps,
  userId: string,
  zone: string,
  first: string,
  today: string,
  now: Date,
): Promise<SummaryMetric | undefined> {
  const nights = await deps.derived.list(userId, {
    kind: 'sleep_summary',
    from: new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000),
    to: new Date(now.getTime() + 86_400_000),
  });
  const asleep = (d: Record<string, unknown>) =>
    typeof d.asleepSeconds === 'number' ? d.asleepSeconds : undefined;
  const byDate = new Map<string, number>();
  for (const n of nights) {
    const s = asleep(n.details);
    if (s === undefined) continue;
    const date = localDate(n.at.getTime(), zone);
    byDate.set(date, (byDate.get(date) ?? 0) + s);
  }
  const days: Day[] = [];
  for (let d = first; d <= today; d = nextPeriod(d, 'day')) {
    const v = byDate.get(d);
    days.push({ date: d, value: v ?? null, count: v === undefined ? 0 : 1, sum: v ?? null });
  }
  if (!byDate.size) return undefined;
  // Last night counts as today: a night is over when it is summarized.
  return summarize('sleep', 's', 'mean', days);
}
