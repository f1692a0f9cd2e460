import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { useGoal } from '../../goals/queries';
import { Chart, type ChartSeries, type GoalLine } from '../Chart';
import { bucketsToSeries, lineWindow, movingAverage, xRangeOf } from '../chart-data';
import { useMetricName } from '../parts';
import { useTimeseries } from '../queries';
import { displayUnit, toDisplay } from '../units';
import { useUnits } from '../use-units';
import { LineView, useMinSpan } from './LineView';
import type { MetricViewProps } from './view-props';

/** Weight with a smoothed trend line (7-point moving average), the target weight, body composition below. */
export function WeightView(view: MetricViewProps) {
  const { t } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const { timeZone, number } = useFormat();
  const { period, zoom, onZoom, table } = view;
  const w = useMemo(() => lineWindow(period, zoom), [period, zoom]);
  const res = useTimeseries('weight', w);
  const unit = displayUnit('weight', prefs);
  const minSpan = useMinSpan('weight');
  const target = useGoal('weight')?.value;
  const goals = useMemo<GoalLine[] | undefined>(() => {
    if (target === undefined) return undefined;
    const value = toDisplay('weight', target, prefs);
    return [{ value, label: t('health.chart.target', { value: `${number(value)} ${unit}` }) }];
  }, [target, prefs, t, number, unit]);
  const data = useMemo(() => {
    const [xs, ys] = bucketsToSeries(res.data?.buckets ?? [], (v) => toDisplay('weight', v, prefs));
    return [xs, ys, movingAverage(ys, 7)] as [number[], number[], Array<number | null>];
  }, [res.data, prefs]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: `${name('weight')} (${unit})`, color: '#1f6feb' },
      { label: t('health.weight.trend'), color: '#8250df', dash: [6, 4] },
    ],
    [name, unit, t],
  );
  const xRange = useMemo(() => xRangeOf(period, zoom, data[0][0]), [period, zoom, data]);
  return (
    <>
      <section className="card">
        <h2>{`${name('weight')} (${unit})`}</h2>
        <FormError error={res.error} />
        {res.data && data[0].length === 0 && <p className="muted">{t('health.noData')}</p>}
        {res.data && data[0].length > 0 && (
          <Chart
            label={t('health.chartLabel', { metric: name('weight'), unit })}
            data={data}
            series={series}
            window={{
              from: res.data.from,
              to: res.data.to,
              bucketSeconds: res.data.bucketSeconds,
              metric: 'weight',
            }}
            xRange={xRange}
            minSpan={minSpan}
            goals={goals}
            onZoom={onZoom}
            table={table}
            timeZone={timeZone}
          />
        )}
      </section>
      <h2>{t('health.weight.composition')}</h2>
      <div className="chart-grid">
        {['fat_ratio', 'muscle_mass', 'hydration', 'bone_mass'].map((m) => (
          <LineView key={m} metric={m} color="#bf8700" {...view} />
        ))}
      </div>
    </>
  );
}
