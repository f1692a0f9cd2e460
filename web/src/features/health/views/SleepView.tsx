import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, SelectField } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { useSessions, useTimeseries } from '../queries';
import { Chart, type ChartSeries } from '../Chart';
import { hypnogramData, stageDurations } from '../chart-data';
import type { MetricViewProps } from './view-props';
import { formatDuration } from '../DashboardPage';
import { useTimeZone } from '../parts';

const stages = ['deep', 'light', 'rem', 'awake'] as const;
const stageColors: Record<string, string> = {
  deep: '#0a3069',
  light: '#1f6feb',
  rem: '#8250df',
  awake: '#bf8700',
};

/** One night as a hypnogram with its stage durations and snoring; per-stage durations across the range. */
export function SleepView({ period }: MetricViewProps) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const tz = useTimeZone();
  const w = useMemo(() => ({ from: period.from, to: period.to }), [period]);
  const res = useSessions('sleep', w.from, w.to);
  const nights = useMemo(
    () => [...(res.data?.items ?? [])].sort((a, b) => Date.parse(b.start) - Date.parse(a.start)),
    [res.data],
  );
  const [chosen, setChosen] = useState<string>();
  const night = nights.find((n) => n.id === chosen) ?? nights[0];
  const stageName = (s: string) => t(`health.sleep.stages.${s}`);
  const levelName = (v: number) => stageName(['', 'deep', 'light', 'rem', 'awake'][v] ?? '');

  const hypnogram = useMemo(() => (night ? hypnogramData(night.stages) : null), [night]);
  const hypnoSeries = useMemo<ChartSeries[]>(
    () => [{ label: t('health.sleep.stage'), color: '#8250df', stepped: true }],
    [t],
  );
  const durations = night ? stageDurations(night.stages) : undefined;
  const snoring = night?.events.filter((e) => e.type === 'snoring') ?? [];
  const snoringSeconds = snoring.reduce((s, e) => s + (Date.parse(e.end) - Date.parse(e.start)) / 1000, 0);

  const perNight = useMemo(() => {
    const asc = [...nights].reverse();
    const cols = stages.map((s) => asc.map((n) => Math.round((stageDurations(n.stages)[s] ?? 0) / 60)));
    return [asc.map((n) => Date.parse(n.start) / 1000), ...cols] as [number[], ...number[][]];
  }, [nights]);
  const perNightSeries = useMemo<ChartSeries[]>(
    () =>
      stages.map((s) => ({
        label: `${t(`health.sleep.stages.${s}`)} (min)`,
        color: stageColors[s] ?? '#444',
      })),
    [t],
  );

  return (
    <>
      <FormError error={res.error} />
      {res.data && nights.length === 0 && <p className="muted">{t('health.noData')}</p>}
      {night && hypnogram && (
        <section className="card">
          <h2>{t('health.sleep.night')}</h2>
          <SelectField
            label={t('health.sleep.chooseNight')}
            name="night"
            value={night.id}
            onChange={(e) => setChosen(e.target.value)}
          >
            {nights.map((n) => (
              <option key={n.id} value={n.id}>
                {dateTime(n.start)}
              </option>
            ))}
          </SelectField>
          <Chart
            label={t('health.sleep.hypnogram')}
            data={hypnogram}
            series={hypnoSeries}
            yRange={[0.5, 4.5]}
            yValues={levelName}
            height={200}
            timeZone={tz}
          />
          <NightHeartRate start={night.start} end={night.end} />
          <dl className="facts">
            {stages.map((s) => (
              <div key={s}>
                <dt>{stageName(s)}</dt>
                <dd data-testid={`stage-${s}`}>{formatDuration(durations?.[s] ?? 0, t)}</dd>
              </div>
            ))}
            <div>
              <dt>{t('health.sleep.snoring')}</dt>
              <dd>
                {t('health.sleep.snoringEpisodes', {
                  count: snoring.length,
                  duration: formatDuration(snoringSeconds, t),
                })}
              </dd>
            </div>
          </dl>
        </section>
      )}
      {nights.length > 0 && (
        <section className="card">
          <h2>{t('health.sleep.perNight')}</h2>
          <Chart
            label={t('health.sleep.perNight')}
            data={perNight}
            series={perNightSeries}
            window={{ ...w, metric: 'sleep' }}
            timeZone={tz}
          />
        </section>
      )}
    </>
  );
}

/** Heart rate through the night, in 5-minute buckets, under the hypnogram. */
function NightHeartRate({ start, end }: { start: string; end: string }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const res = useTimeseries('heart_rate', { from: start, to: end, bucketSeconds: 300 });
  const data = useMemo(() => {
    const buckets = res.data?.buckets ?? [];
    return [buckets.map((b) => Date.parse(b.start) / 1000), buckets.map((b) => Math.round(b.mean))] as [
      number[],
      number[],
    ];
  }, [res.data]);
  const series = useMemo<ChartSeries[]>(
    () => [{ label: `${t('health.metrics.heart_rate')} (bpm)`, color: '#cf222e' }],
    [t],
  );
  if (data[0].length === 0) return null;
  return (
    <Chart
      label={t('health.chartLabel', { metric: t('health.metrics.heart_rate'), unit: 'bpm' })}
      data={data}
      series={series}
      height={160}
      timeZone={tz}
    />
  );
}
