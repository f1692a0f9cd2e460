import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, SelectField } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { Chart, type ChartSeries } from '../Chart';
import { formatDuration } from '../DashboardPage';
import { useDerived, useSessions, useTimeseries } from '../queries';
import { pageOf } from './bp-readings';
import { Pager } from './Pager';
import { TableWrap } from './TableWrap';
import { Hypnogram, NightBars } from './SleepCharts';
import {
  hypnogramBlocks,
  type Night,
  nightsOf,
  nightsWithin,
  type Stage,
  stagePercent,
  stageSeconds,
  stagesUpwards,
} from './sleep-nights';
import type { MetricViewProps } from './view-props';

/** Stages as a sleeper reads them, deepest last: the order of the facts and the table. */
const stagesRead: readonly Stage[] = [...stagesUpwards].reverse();
const NIGHTS_PER_PAGE = 14;

/**
 * One night (totals, score, hypnogram) and the nights of the period as stacked bars and a table. The
 * period's sessions are fetched; zooming does not apply to nights. `table` turns the charts into tables.
 */
export function SleepView({ period, table }: MetricViewProps) {
  const { t } = useTranslation();
  const w = useMemo(() => ({ from: period.from, to: period.to }), [period.from, period.to]);
  const sessions = useSessions('sleep', w.from, w.to);
  const summaries = useDerived('sleep_summary', w);
  const nights = useMemo(
    () =>
      nightsWithin(
        nightsOf(sessions.data?.items ?? [], summaries.data?.items ?? []),
        period.firstDay,
        period.lastDay,
      ),
    [sessions.data, summaries.data, period.firstDay, period.lastDay],
  );
  const [chosen, setChosen] = useState<string>();
  const night = nights.find((n) => n.id === chosen) ?? nights[0];
  return (
    <>
      <FormError error={sessions.error} />
      {sessions.data && nights.length === 0 && <p className="muted">{t('health.noData')}</p>}
      {night && <NightCard night={night} nights={nights} onChoose={setChosen} table={table} />}
      {nights.length > 0 && (
        <section className="card">
          <h2>{t('health.sleep.perNight')}</h2>
          {!table && <NightBars nights={nights} />}
          <NightsTable nights={nights} />
        </section>
      )}
    </>
  );
}

function useSleepFormat() {
  const { t } = useTranslation();
  const { locale, readingTime } = useFormat();
  return {
    /** "7 h 12 min"; under an hour as minutes ("12 min"), not "0 h 12 min". */
    duration: (seconds: number) =>
      seconds < 3600
        ? t('health.sleep.minutes', { m: Math.round(seconds / 60) })
        : formatDuration(seconds, t),
    /** The table's shorter form ("8h 14m", "8 h 14" in French); under an hour as minutes. */
    short: (seconds: number) =>
      seconds < 3600
        ? t('health.sleep.minutes', { m: Math.round(seconds / 60) })
        : t('health.sleep.compact', {
            h: Math.floor(seconds / 3600),
            m: String(Math.round((seconds % 3600) / 60)).padStart(2, '0'),
          }),
    percent: (share: number) => new Intl.NumberFormat(locale, { style: 'percent' }).format(share),
    clock: (n: Night, ms: number) => readingTime(ms, n.utcOffsetMinutes, { timeStyle: 'short' }),
    /** A night by the day woken up on ("Fri, Dec 4"), the day it counts for. */
    nightName: (n: Night) =>
      readingTime(n.end, n.utcOffsetMinutes, { weekday: 'short', day: 'numeric', month: 'short' }),
    /** The evening it began ("Thursday"). */
    evening: (n: Night) => readingTime(n.start, n.utcOffsetMinutes, { weekday: 'long' }),
  };
}

function NightCard({
  night,
  nights,
  onChoose,
  table,
}: {
  night: Night;
  nights: readonly Night[];
  onChoose: (id: string) => void;
  table: boolean;
}) {
  const { t } = useTranslation();
  const f = useSleepFormat();
  const s = night.summary;
  const seconds = stageSeconds(s);
  const span = `${f.clock(night, night.start)} – ${f.clock(night, night.end)}`;
  return (
    <section className="card" data-testid="night">
      <h2>{t('health.sleep.nightOf', { from: f.evening(night), to: f.nightName(night) })}</h2>
      <SelectField
        label={t('health.sleep.chooseNight')}
        name="night"
        value={night.id}
        onChange={(e) => onChoose(e.target.value)}
      >
        {nights.map((n) => (
          <option key={n.id} value={n.id}>
            {`${f.nightName(n)}, ${f.clock(n, n.start)} – ${f.clock(n, n.end)}`}
          </option>
        ))}
      </SelectField>
      <dl className="night-facts">
        <div>
          <dt>{t('health.sleep.asleep')}</dt>
          <dd data-testid="sleep-total">{f.duration(s.asleepSeconds)}</dd>
        </div>
        <div>
          <dt>{t('health.sleep.score')}</dt>
          <dd data-testid="sleep-score">{t('health.sleep.scoreValue', { score: s.score })}</dd>
        </div>
        <div>
          <dt>{t('health.sleep.efficiency')}</dt>
          <dd data-testid="sleep-efficiency">{f.percent(s.efficiency)}</dd>
        </div>
        <div>
          <dt>{t('health.sleep.latency')}</dt>
          <dd data-testid="sleep-latency">{f.duration(s.latencySeconds)}</dd>
        </div>
        <div>
          <dt>{t('health.sleep.inBed')}</dt>
          <dd>
            {f.duration(s.inBedSeconds)} <span className="share block">{span}</span>
          </dd>
        </div>
        <div>
          <dt>{t('health.sleep.wakeUps')}</dt>
          <dd>{s.wakeUps}</dd>
        </div>
        {stagesRead.map((stage) => (
          <div key={stage}>
            <dt>{t(`health.sleep.stages.${stage}`)}</dt>
            <dd data-testid={`stage-${stage}`}>
              {f.duration(seconds[stage])}{' '}
              <span className="share">{f.percent(stagePercent(s, stage) / 100)}</span>
            </dd>
          </div>
        ))}
        <div>
          <dt>{t('health.sleep.snoring')}</dt>
          <dd>
            {t('health.sleep.snoringEpisodes', {
              count: s.snoringEpisodes,
              duration: f.duration(s.snoringSeconds),
            })}
          </dd>
        </div>
      </dl>
      <p className="muted">{t('health.sleep.scoreNote')}</p>
      <h3>{t('health.sleep.hypnogram')}</h3>
      {table ? <StagesTable night={night} /> : <Hypnogram night={night} />}
      <NightHeartRate
        start={new Date(night.start).toISOString()}
        end={new Date(night.end).toISOString()}
        table={table}
      />
    </section>
  );
}

/** The hypnogram as a table: each stage with its clock times and duration. */
function StagesTable({ night }: { night: Night }) {
  const { t } = useTranslation();
  const f = useSleepFormat();
  return (
    <TableWrap label={t('health.sleep.hypnogram')}>
      <table className="views-table" data-testid="stages-table">
        <caption className="visually-hidden">{t('health.sleep.hypnogram')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('health.sleep.stage')}</th>
            <th scope="col">{t('health.sleep.from')}</th>
            <th scope="col">{t('health.sleep.to')}</th>
            <th scope="col" className="num">
              {t('health.sleep.duration')}
            </th>
          </tr>
        </thead>
        <tbody>
          {hypnogramBlocks(night).map((b) => (
            <tr key={b.start}>
              <th scope="row">{t(`health.sleep.stages.${b.stage}`)}</th>
              <td>{f.clock(night, b.start)}</td>
              <td>{f.clock(night, b.end)}</td>
              <td className="num">{f.duration((b.end - b.start) / 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The nights of the period in numbers, newest first: the stacked bars' table, and what they leave out. */
function NightsTable({ nights }: { nights: readonly Night[] }) {
  const { t } = useTranslation();
  const f = useSleepFormat();
  const [page, setPage] = useState(0);
  const shown = pageOf(nights, page, NIGHTS_PER_PAGE);
  return (
    <>
      <TableWrap label={t('health.sleep.perNight')}>
        <table className="views-table stack-table" data-testid="nights-table">
          <caption className="visually-hidden">{t('health.sleep.perNight')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('health.sleep.chooseNight')}</th>
              <th scope="col" className="num">
                {t('health.sleep.asleep')}
              </th>
              {stagesRead.map((s) => (
                <th key={s} scope="col" className="num">
                  {t(`health.sleep.stages.${s}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('health.sleep.efficiency')}
              </th>
              <th scope="col" className="num">
                {t('health.sleep.latency')}
              </th>
              <th scope="col" className="num">
                {t('health.sleep.score')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((n) => {
              const seconds = stageSeconds(n.summary);
              return (
                <tr key={n.id}>
                  <th scope="row">{f.nightName(n)}</th>
                  <td className="num" data-label={t('health.sleep.asleep')}>
                    {f.short(n.summary.asleepSeconds)}
                  </td>
                  {stagesRead.map((s) => (
                    <td key={s} className="num" data-label={t(`health.sleep.stages.${s}`)}>
                      {f.short(seconds[s])}
                    </td>
                  ))}
                  <td className="num" data-label={t('health.sleep.efficiency')}>
                    {f.percent(n.summary.efficiency)}
                  </td>
                  <td className="num" data-label={t('health.sleep.latency')}>
                    {f.duration(n.summary.latencySeconds)}
                  </td>
                  <td className="num" data-label={t('health.sleep.score')}>
                    {n.summary.score}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <Pager page={page} pages={shown.pages} onChange={setPage} label={t('health.sleep.pages')} />
    </>
  );
}

/** Heart rate through the night, in 5-minute buckets, under the hypnogram. */
function NightHeartRate({ start, end, table }: { start: string; end: string; table: boolean }) {
  const { t } = useTranslation();
  const { timeZone } = useFormat();
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
    <>
      <h3>{`${t('health.metrics.heart_rate')} (bpm)`}</h3>
      <Chart
        label={t('health.chartLabel', { metric: t('health.metrics.heart_rate'), unit: 'bpm' })}
        data={data}
        series={series}
        height={160}
        xRange={[Date.parse(start) / 1000, Date.parse(end) / 1000]}
        table={table}
        timeZone={timeZone}
      />
    </>
  );
}
