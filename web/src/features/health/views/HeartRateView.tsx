import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { Chart, type ChartSeries } from '../Chart';
import { xRangeOf } from '../chart-data';
import { useDerived } from '../queries';
import { LineView, useMinSpan } from './LineView';
import type { MetricViewProps } from './view-props';

/** Heart rate (minute by minute on a day), and the resting heart rate the server derives for each day. */
export function HeartRateView(view: MetricViewProps) {
  const { t } = useTranslation();
  const { timeZone } = useFormat();
  const { period, zoom, table } = view;
  const resting = useDerived('resting_heart_rate', period);
  const minSpan = useMinSpan('resting_heart_rate');
  const data = useMemo(() => {
    const items = (resting.data?.items ?? [])
      .filter((i) => i.value !== null)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return [items.map((i) => Date.parse(i.at) / 1000), items.map((i) => i.value)] as [
      number[],
      Array<number | null>,
    ];
  }, [resting.data]);
  const series = useMemo<ChartSeries[]>(
    () => [{ label: `${t('health.metrics.resting_heart_rate')} (bpm)`, color: '#cf222e' }],
    [t],
  );
  const xRange = useMemo(() => xRangeOf(period, zoom, data[0][0]), [period, zoom, data]);
  const perMinute = period.range === 'day' && !zoom;
  return (
    <>
      <LineView
        metric="heart_rate"
        color="#cf222e"
        heading
        {...view}
        bucketSeconds={period.range === 'day' ? 60 : undefined}
        title={perMinute ? t('health.heartRate.perMinute') : undefined}
      />
      <section className="card">
        <h2>{t('health.metrics.resting_heart_rate')} (bpm)</h2>
        <p className="muted">{t('health.derivedNote')}</p>
        <FormError error={resting.error} />
        {resting.data && data[0].length === 0 && <p className="muted">{t('health.noData')}</p>}
        {data[0].length > 0 && (
          <Chart
            label={t('health.chartLabel', { metric: t('health.metrics.resting_heart_rate'), unit: 'bpm' })}
            data={data}
            series={series}
            height={200}
            xRange={xRange}
            minSpan={minSpan}
            table={table}
            timeZone={timeZone}
          />
        )}
      </section>
    </>
  );
}
