import { getMetric } from '@vitalbase/core/health-data/catalog';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { Chart, type ChartBand, type ChartSeries, type GoalLine } from '../Chart';
import { bucketsToSeries, lineWindow, xRangeOf } from '../chart-data';
import { useMetricName } from '../parts';
import { useTimeseries } from '../queries';
import { displayUnit, toDisplay } from '../units';
import { useUnits } from '../use-units';
import type { MetricViewProps } from './view-props';

/** The catalog's minimum y-span of a metric in the user's display unit (°F spans 1.8× °C). */
export function useMinSpan(metric: string): number | undefined {
  const prefs = useUnits();
  const span = getMetric(metric)?.chartMinSpan;
  return span === undefined
    ? undefined
    : Math.abs(toDisplay(metric, span, prefs) - toDisplay(metric, 0, prefs));
}

/** A measured metric over the period (or zoom): the server's bucket means as a line. */
export function LineView({
  metric,
  color = '#1f6feb',
  heading,
  title,
  bucketSeconds,
  goals,
  bands,
  note,
  ...view
}: MetricViewProps & {
  metric: string;
  color?: string;
  heading?: boolean;
  /** A heading other than "Metric (unit)", e.g. "Heart rate, minute by minute (bpm)". */
  title?: string;
  /** A forced bucket size (heart rate per minute on a day). */
  bucketSeconds?: number | undefined;
  goals?: GoalLine[] | undefined;
  /** Ranges shaded behind the line (comfort bands of the bedroom sensor), display units. */
  bands?: ChartBand[] | undefined;
  /** A line under the heading (what the bands mean). */
  note?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const name = useMetricName();
  const prefs = useUnits();
  const { timeZone } = useFormat();
  const { period, zoom, onZoom, table } = view;
  const w = useMemo(() => lineWindow(period, zoom, bucketSeconds), [period, zoom, bucketSeconds]);
  const res = useTimeseries(metric, w);
  const unit = displayUnit(metric, prefs, i18n.language);
  const minSpan = useMinSpan(metric);
  const data = useMemo(
    () => bucketsToSeries(res.data?.buckets ?? [], (v) => toDisplay(metric, v, prefs)),
    [res.data, metric, prefs],
  );
  const series = useMemo<ChartSeries[]>(
    () => [{ label: `${name(metric)} (${unit})`, color }],
    [name, metric, unit, color],
  );
  const xRange = useMemo(() => xRangeOf(period, zoom, data[0][0]), [period, zoom, data]);
  const Heading = heading ? 'h2' : 'h3';
  return (
    <section className="card" aria-label={name(metric)}>
      {heading !== false && <Heading>{title ?? `${name(metric)} (${unit})`}</Heading>}
      {note}
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
            xRange={xRange}
            minSpan={minSpan}
            goals={goals}
            bands={bands}
            onZoom={onZoom}
            table={table}
            timeZone={timeZone}
          />
        )
      )}
    </section>
  );
}
