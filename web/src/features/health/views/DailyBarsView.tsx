import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../../i18n/format';
import { useGoal } from '../../goals/queries';
import { FormError } from '../../../components/forms';
import { useAggregates } from '../queries';
import { Chart, type ChartSeries } from '../Chart';
import { aggregatePeriod, type Range, rangeWindow } from '../chart-data';
import { useMetricName, useTimeZone } from '../parts';
import { localDate } from '../readings';
import { displayUnit, toDisplay } from '../units';
import { useUnits } from '../use-units';

/** Steps, distance, calories: totals per local day (per week for a year, per month for all) as bars. */
export function DailyBarsView({ metric, range }: { metric: string; range: Range }) {
  const { t } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const tz = useTimeZone();
  const period = aggregatePeriod(range);
  const w = useMemo(() => rangeWindow(range, Date.now()), [range]);
  const from = localDate(Date.parse(w.from), tz);
  const to = localDate(Date.now(), tz);
  const res = useAggregates(metric, period, from, to);
  const unit = displayUnit(metric, prefs);
  // The daily steps goal is drawn as a dashed line over daily bars (weeks and months add up past it).
  const stepsGoal = useGoal('steps');
  const goal = metric === 'steps' && period === 'day' ? stepsGoal?.value : undefined;
  const data = useMemo(() => {
    const periods = (res.data?.periods ?? []).filter((p) => p.sum !== null);
    const xs = periods.map((p) => Date.parse(p.start) / 1000);
    const bars = periods.map((p) => toDisplay(metric, p.sum ?? 0, prefs));
    return (goal === undefined ? [xs, bars] : [xs, bars, xs.map(() => goal)]) as number[][];
  }, [res.data, metric, prefs, goal]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: `${name(metric)} (${unit})`, color: '#2da44e', bars: true },
      ...(goal === undefined ? [] : [{ label: t('goals.line'), color: '#8250df', dash: [6, 4] }]),
    ],
    [name, metric, unit, goal, t],
  );
  return (
    <section className="card">
      <h2>{t(`health.bars.${period}`, { metric: name(metric), unit })}</h2>
      <FormError error={res.error} />
      {res.data && data[0]?.length === 0 && <p className="muted">{t('health.noData')}</p>}
      {res.data && (data[0]?.length ?? 0) > 0 && (
        <Chart
          label={t('health.chartLabel', { metric: name(metric), unit })}
          data={data as [number[], ...number[][]]}
          series={series}
          window={{
            from: res.data.periods[0]?.period ?? from,
            to: res.data.periods.at(-1)?.period ?? to,
            metric,
          }}
          timeZone={tz}
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
