import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { FormError } from '../../../components/forms';
import { healthKey } from '../api';
import { Chart, type ChartSeries } from '../Chart';
import { type Range, rangeWindow } from '../chart-data';
import { useTimeZone } from '../parts';
import { LineView } from './LineView';

interface DerivedAnswer {
  items: Array<{ at: string; value: number | null }>;
}

/** Intraday heart rate, and the resting heart rate the server derives for each day (labelled as computed). */
export function HeartRateView({ range }: { range: Range }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const w = useMemo(() => rangeWindow(range === 'day' ? 'week' : range, Date.now()), [range]);
  const resting = useQuery({
    queryKey: [...healthKey, 'derived', 'resting_heart_rate', w.from, w.to],
    queryFn: () =>
      api<DerivedAnswer>(
        'GET',
        `/api/health-data/derived?kind=resting_heart_rate&from=${encodeURIComponent(w.from)}&to=${encodeURIComponent(w.to)}`,
      ),
  });
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
