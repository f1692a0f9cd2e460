import { chooseBucketSeconds } from '@vitalbase/core/health-data/downsample';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { useGoal } from '../../goals/queries';
import { Chart, type ChartSeries, type GoalLine } from '../Chart';
import { type BarPeriod, barColumns, bucketTotals, xRangeOf } from '../chart-data';
import { bucketDateFormat } from '../chart-draw';
import { useMetricName } from '../parts';
import { addDays, type ChartPeriod } from '../period';
import { useAggregates, useTimeseries } from '../queries';
import { displayUnit, toDisplay } from '../units';
import { useUnits } from '../use-units';
import type { MetricViewProps, ZoomWindow } from './view-props';

const DAY = 86_400;

/**
 * How totals are cut for a period: per hour on a day, per local day for a week or a month, per month
 * for a year and everything; a zoom of two days or more per local day, a shorter one per few minutes.
 */
function barsPlan(
  period: ChartPeriod,
  zoom: ZoomWindow | undefined,
  readDay: (ms: number) => string,
):
  | { kind: 'series'; from: string; to: string; bucketSeconds: number }
  | {
      kind: 'aggregates';
      period: 'day' | 'month';
      from: string;
      to: string;
    } {
  if (zoom) {
    const span = Date.parse(zoom.to) - Date.parse(zoom.from);
    if (span >= 2 * DAY * 1000)
      return {
        kind: 'aggregates',
        period: 'day',
        from: readDay(Date.parse(zoom.from)),
        to: readDay(Date.parse(zoom.to) - 1),
      };
    const size = Math.max(60, chooseBucketSeconds(Date.parse(zoom.from), Date.parse(zoom.to), 60));
    return { kind: 'series', from: zoom.from, to: zoom.to, bucketSeconds: size };
  }
  if (period.range === 'day')
    return { kind: 'series', from: period.from, to: period.to, bucketSeconds: 3600 };
  const byDay = period.range === 'week' || period.range === 'month';
  return { kind: 'aggregates', period: byDay ? 'day' : 'month', from: period.firstDay, to: period.lastDay };
}

/** Steps, distance, calories: totals per hour, local day or month as bars from zero. */
export function DailyBarsView({ metric, ...view }: MetricViewProps & { metric: string }) {
  const { t, i18n } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const { timeZone, locale, readingDay } = useFormat();
  const { period, zoom, onZoom, table } = view;
  const plan = barsPlan(period, zoom, (ms) => readingDay(ms, undefined));
  const series = useTimeseries(
    metric,
    plan.kind === 'series' ? plan : { from: period.from, to: period.to },
    plan.kind === 'series',
  );
  const aggregates = useAggregates(
    metric,
    plan.kind === 'aggregates' ? plan.period : 'day',
    plan.kind === 'aggregates' ? plan.from : period.firstDay,
    plan.kind === 'aggregates' ? plan.to : addDays(period.firstDay, 1),
    plan.kind === 'aggregates',
  );
  const res = plan.kind === 'series' ? series : aggregates;
  const unit = displayUnit(metric, prefs, i18n.language);
  const per: 'minutes' | 'hour' | 'day' | 'month' =
    plan.kind === 'aggregates' ? plan.period : plan.bucketSeconds < 3600 ? 'minutes' : 'hour';
  const bucketSeconds = plan.kind === 'series' ? plan.bucketSeconds : plan.period === 'day' ? DAY : 30 * DAY;

  const seriesBucket = plan.kind === 'series' ? plan.bucketSeconds : undefined;
  const list = useMemo<BarPeriod[]>(() => {
    if (seriesBucket !== undefined) return series.data ? bucketTotals(series.data.buckets, seriesBucket) : [];
    return (aggregates.data?.periods ?? []).map((p) => ({
      start: Date.parse(p.start),
      end: Date.parse(p.end),
      sum: p.sum,
    }));
  }, [seriesBucket, series.data, aggregates.data]);
  const cols = useMemo(
    () => barColumns(list, (v) => toDisplay(metric, v, prefs), Date.now()),
    [list, metric, prefs],
  );

  // The daily steps goal is a line over daily bars (hours, weeks and months add up to other sums).
  const stepsGoal = useGoal('steps');
  const goal = metric === 'steps' && per === 'day' ? stepsGoal?.value : undefined;
  const goals = useMemo<GoalLine[] | undefined>(
    () => (goal === undefined ? undefined : [{ value: goal, label: t('goals.line') }]),
    [goal, t],
  );
  // "Steps per hour", "Distance per day (km)": a count needs no unit after it.
  const unitSuffix = metric === 'steps' ? '' : ` (${unit})`;
  const title = t(`health.bars.${per}`, {
    metric: name(metric),
    unit: unitSuffix,
    minutes: bucketSeconds / 60,
  });
  const chartSeries = useMemo<ChartSeries[]>(
    () => [{ label: `${name(metric)}${unitSuffix}`, color: '#2da44e', bars: true }],
    [name, metric, unitSuffix],
  );
  const xRange = useMemo(
    () => xRangeOf(period, zoom, cols.firstStart, cols.lastEnd),
    [period, zoom, cols.firstStart, cols.lastEnd],
  );
  const xLabel = useMemo(() => {
    const f = bucketDateFormat(locale, timeZone, bucketSeconds);
    const half = bucketSeconds < DAY ? bucketSeconds / 2 : 0;
    return (x: number) => f.format((x - half) * 1000);
  }, [locale, timeZone, bucketSeconds]);
  const data = useMemo(() => [cols.xs, cols.values] as [number[], number[]], [cols]);
  return (
    <section className="card">
      <h2>{title}</h2>
      <FormError error={res.error} />
      {res.data && cols.xs.length === 0 && <p className="muted">{t('health.noData')}</p>}
      {res.data && cols.xs.length > 0 && (
        <Chart
          label={t('health.chartLabel', { metric: title, unit })}
          data={data}
          series={chartSeries}
          window={{ from: plan.from, to: plan.to, bucketSeconds, metric }}
          xRange={xRange}
          partial={cols.partial}
          goals={goals}
          onZoom={onZoom}
          table={table}
          xLabel={xLabel}
          timeZone={timeZone}
        />
      )}
      {metric === 'steps' && <StepsGoalNote goal={stepsGoal?.value} />}
    </section>
  );
}

/** Under the steps chart: the daily goal, or how to set one. */
function StepsGoalNote({ goal }: { goal: number | undefined }) {
  const { t } = useTranslation();
  const { number } = useFormat();
  return (
    <p className="muted" data-testid="steps-goal">
      {goal === undefined ? (
        <Link to="/goals">{t('goals.setOne')}</Link>
      ) : (
        <>
          {t('goals.dailySteps', { goal: number(goal) })} <Link to="/goals">{t('goals.change')}</Link>
        </>
      )}
    </p>
  );
}
