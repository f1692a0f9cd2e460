import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useTimeseries } from '../queries';
import { Chart, type ChartSeries } from '../Chart';
import { bucketsToSeries, type Range, rangeWindow } from '../chart-data';
import { useMetricName, useTimeZone } from '../parts';
import { displayUnit, toDisplay } from '../units';
import { useUnits } from '../use-units';

/** A measured metric over a range: the server's bucket means as a line. */
export function LineView({
  metric,
  range,
  color = '#1f6feb',
  heading,
}: {
  metric: string;
  range: Range;
  color?: string;
  heading?: boolean;
}) {
  const { t } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const tz = useTimeZone();
  const w = useMemo(() => rangeWindow(range, Date.now()), [range]);
  const res = useTimeseries(metric, w);
  const unit = displayUnit(metric, prefs);
  const data = useMemo(
    () => bucketsToSeries(res.data?.buckets ?? [], (v) => toDisplay(metric, v, prefs)),
    [res.data, metric, prefs],
  );
  const series = useMemo<ChartSeries[]>(
    () => [{ label: `${name(metric)} (${unit})`, color }],
    [name, metric, unit, color],
  );
  const Heading = heading ? 'h2' : 'h3';
  return (
    <section className="card" aria-label={name(metric)}>
      {heading !== false && <Heading>{`${name(metric)} (${unit})`}</Heading>}
      <FormError error={res.error} />
      {res.data && data[0].length === 0 ? (
        <p className="muted">{t('health.noData')}</p>
      ) : (
        res.data && (
          <Chart
            label={t('health.chartLabel', { metric: name(metric), unit })}
            data={data}
            series={series}
            window={{ from: res.data.from, to: res.data.to, bucketSeconds: res.data.bucketSeconds, metric }}
            timeZone={tz}
          />
        )
      )}
    </section>
  );
}
