import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useTimeseries } from '../queries';
import { Chart, type ChartSeries } from '../Chart';
import { bucketsToSeries, movingAverage, type Range, rangeWindow } from '../chart-data';
import { useMetricName, useTimeZone } from '../parts';
import { displayUnit, toDisplay } from '../units';
import { useUnits } from '../use-units';
import { LineView } from './LineView';

/** Weight with a smoothed trend line (7-point moving average), and body composition below. */
export function WeightView({ range }: { range: Range }) {
  const { t } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const tz = useTimeZone();
  const w = useMemo(() => rangeWindow(range, Date.now()), [range]);
  const res = useTimeseries('weight', w);
  const unit = displayUnit('weight', prefs);
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
            timeZone={tz}
          />
        )}
      </section>
      <h2>{t('health.weight.composition')}</h2>
      <div className="chart-grid">
        {['fat_ratio', 'muscle_mass', 'hydration', 'bone_mass'].map((m) => (
          <LineView key={m} metric={m} range={range} color="#bf8700" />
        ))}
      </div>
    </>
  );
}
