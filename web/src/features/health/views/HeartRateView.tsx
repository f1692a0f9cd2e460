import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useDerived } from '../queries';
import { Chart, type ChartSeries } from '../Chart';
import { type Range, rangeWindow } from '../chart-data';
import { useTimeZone } from '../parts';
import { LineView } from './LineView';

/** Intraday heart rate, and the resting heart rate the server derives for each day (labelled as computed). */
export function HeartRateView({ range }: { range: Range }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const w = useMemo(() => rangeWindow(range === 'day' ? 'week' : range, Date.now()), [range]);
  const resting = useDerived('resting_heart_rate', w);
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
  return (
    <>
      <LineView metric="heart_rate" range={range} color="#cf222e" heading />
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
            timeZone={tz}
          />
        )}
      </section>
    </>
  );
}
