import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useAggregates } from '../api';
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
  const data = useMemo(() => {
    const periods = (res.data?.periods ?? []).filter((p) => p.sum !== null);
    return [
      periods.map((p) => Date.parse(p.start) / 1000),
      periods.map((p) => toDisplay(metric, p.sum ?? 0, prefs)),
    ] as [number[], number[]];
  }, [res.data, metric, prefs]);
  const series = useMemo<ChartSeries[]>(
    () => [{ label: `${name(metric)} (${unit})`, color: '#2da44e', bars: true }],
    [name, metric, unit],
  );
  return (
    <section className="card">
      <h2>{t(`health.bars.${period}`, { metric: name(metric), unit })}</h2>
      <FormError error={res.error} />
      {res.data && data[0].length === 0 && <p className="muted">{t('health.noData')}</p>}
      {res.data && data[0].length > 0 && (
        <Chart
          label={t('health.chartLabel', { metric: name(metric), unit })}
          data={data}
          series={series}
          window={{
            from: res.data.periods[0]?.period ?? from,
            to: res.data.periods.at(-1)?.period ?? to,
            metric,
          }}
          timeZone={tz}
        />
      )}
      <p className="muted">{t('health.goals.none')}</p>
    </section>
  );
}
