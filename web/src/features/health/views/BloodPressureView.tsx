import type { BloodPressureCategory } from '@vitalbase/core/health-data/rules';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { Chart, type ChartBand, type ChartSeries, type GoalLine } from '../Chart';
import { alignSeries, lineWindow, xRangeOf } from '../chart-data';
import { useReadings, useTimeseries } from '../queries';
import { bandFills } from './bands';
import {
  type AveragePeriod,
  averageOf,
  averagePeriodFor,
  type BpRow,
  bpRows,
  diastolicBands,
  formatBp,
  type PeriodAverage,
  pageOf,
  periodAverages,
  systolicBands,
} from './bp-readings';
import { useMinSpan } from './LineView';
import { Pager } from './Pager';
import { TableWrap } from './TableWrap';
import type { MetricViewProps } from './view-props';
import './health-views.css';

const READINGS_PER_PAGE = 20;
const AVERAGES_PER_PAGE = 12;

/**
 * Systolic and diastolic over the period on the guideline's bands (2017 ACC/AHA, named in the
 * legend), the period's averages, and every reading as "117/80 mmHg" with its pulse and category.
 */
export function BloodPressureView({ period, zoom, onZoom, table }: MetricViewProps) {
  const { t } = useTranslation();
  const { timeZone } = useFormat();
  const w = useMemo(() => lineWindow(period, zoom), [period, zoom]);
  const sys = useTimeseries('systolic_bp', w);
  const dia = useTimeseries('diastolic_bp', w);
  const readings = useReadings('systolic_bp', period.from, period.to);
  const rows = useMemo(() => bpRows(readings.data ?? []), [readings.data]);
  const minSpan = useMinSpan('systolic_bp');
  const data = useMemo(
    () => alignSeries([sys.data?.buckets ?? [], dia.data?.buckets ?? []], (_i, v) => Math.round(v)),
    [sys.data, dia.data],
  );
  const xRange = useMemo(() => xRangeOf(period, zoom, data[0][0]), [period, zoom, data]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: `${t('health.metrics.systolic_bp')} (mmHg)`, color: '#cf222e' },
      { label: `${t('health.metrics.diastolic_bp')} (mmHg)`, color: '#1f6feb' },
    ],
    [t],
  );
  const bands = useMemo<ChartBand[]>(
    () =>
      systolicBands
        .filter((b) => b.category !== 'hypertensive_crisis')
        .map((b) => ({ from: b.from, to: b.to, color: bandFills[b.category] })),
    [],
  );
  // Diastolic thresholds as dashed lines (a second set of bands would hide the first).
  const lines = useMemo<GoalLine[]>(
    () =>
      diastolicBands.slice(1, 3).map((b) => ({
        value: b.from ?? 0,
        label: `${t('health.metrics.diastolic_bp')} ${b.from}`,
        color: '#1f6feb',
      })),
    [t],
  );
  return (
    <>
      <section className="card">
        <h2>{t('health.metrics.blood_pressure')} (mmHg)</h2>
        <FormError error={sys.error ?? dia.error} />
        {sys.data && data[0].length === 0 && <p className="muted">{t('health.noData')}</p>}
        {sys.data && dia.data && data[0].length > 0 && (
          <Chart
            label={t('health.chartLabel', { metric: t('health.metrics.blood_pressure'), unit: 'mmHg' })}
            data={data}
            series={series}
            window={{
              from: sys.data.from,
              to: sys.data.to,
              bucketSeconds: sys.data.bucketSeconds,
              metric: 'systolic_bp',
            }}
            xRange={xRange}
            minSpan={minSpan}
            bands={bands}
            goals={lines}
            onZoom={onZoom}
            table={table}
            timeZone={timeZone}
          />
        )}
        <GuidelineLegend />
      </section>
      <Averages rows={rows} period={averagePeriodFor(period.range)} />
      <Readings rows={rows} error={readings.error} />
    </>
  );
}

/** The bands' colours with their category names, and the guideline they come from. */
function GuidelineLegend() {
  const { t } = useTranslation();
  const shown: BloodPressureCategory[] = [
    'normal',
    'elevated',
    'hypertension_stage_1',
    'hypertension_stage_2',
  ];
  return (
    <>
      <ul className="chart-legend" data-testid="bp-legend">
        {shown.map((c) => (
          <li key={c}>
            <span className="swatch" style={{ background: bandFills[c] }} aria-hidden="true" />
            {t(`health.bp.categories.${c}`)}
          </li>
        ))}
      </ul>
      <p className="muted">{t('health.bp.legend')}</p>
    </>
  );
}

/** Mean systolic/diastolic and pulse of the whole period, then per day, week or month. */
function Averages({ rows, period }: { rows: readonly BpRow[]; period: AveragePeriod }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const [page, setPage] = useState(0);
  const all = averageOf(rows);
  const list = periodAverages(rows, period);
  const shown = pageOf(list, page, AVERAGES_PER_PAGE);
  const name = (start: string) => {
    const at = Date.parse(`${start}T00:00:00Z`);
    const f = (o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' }).format(at);
    if (period === 'day') return f({ weekday: 'short', day: 'numeric', month: 'short' });
    if (period === 'week') return t('health.bp.weekOf', { date: f({ day: 'numeric', month: 'short' }) });
    return f({ month: 'long', year: 'numeric' });
  };
  if (!all) return null;
  return (
    <section className="card">
      <h2>{t(`health.bp.averages.${period}`)}</h2>
      <TableWrap label={t(`health.bp.averages.${period}`)}>
        <table className="views-table stack-table" data-testid="bp-averages">
          <thead>
            <tr>
              <th scope="col">{t('health.bp.period')}</th>
              <th scope="col" className="num">
                {t('health.metrics.blood_pressure')}
              </th>
              <th scope="col" className="num">
                {t('health.bp.pulse')}
              </th>
              <th scope="col" className="num">
                {t('health.bp.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            <AverageRow name={t('health.bp.whole')} a={all} strong />
            {shown.items.map((a) => (
              <AverageRow key={a.start} name={name(a.start)} a={a} />
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager page={page} pages={shown.pages} onChange={setPage} label={t(`health.bp.averages.${period}`)} />
    </section>
  );
}

function AverageRow({ name, a, strong }: { name: string; a: PeriodAverage; strong?: boolean }) {
  const { t } = useTranslation();
  return (
    <tr className={strong ? 'strong' : undefined}>
      <th scope="row">{name}</th>
      <td className="num bp-value" data-label={t('health.metrics.blood_pressure')}>
        {t('health.bp.reading', { value: formatBp(a.systolic, a.diastolic) })}
      </td>
      <td className="num" data-label={t('health.bp.pulse')}>
        {a.pulse === undefined ? '—' : t('health.bp.pulseValue', { bpm: a.pulse })}
      </td>
      <td className="num" data-label={t('health.bp.count')}>
        {a.count}
      </td>
    </tr>
  );
}

/** Every reading of the period, newest first, a page at a time. */
function Readings({ rows, error }: { rows: readonly BpRow[]; error: unknown }) {
  const { t } = useTranslation();
  const { readingTime } = useFormat();
  const [page, setPage] = useState(0);
  const shown = pageOf(rows, page, READINGS_PER_PAGE);
  return (
    <section className="card">
      <h2>{t('health.bp.readings')}</h2>
      <FormError error={error} />
      <TableWrap label={t('health.bp.readings')}>
        <table className="views-table stack-table" data-testid="bp-readings">
          <thead>
            <tr>
              <th scope="col">{t('health.timeline.when')}</th>
              <th scope="col" className="num">
                {t('health.metrics.blood_pressure')}
              </th>
              <th scope="col" className="num">
                {t('health.bp.pulse')}
              </th>
              <th scope="col">{t('health.bp.category')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((r) => (
              <tr key={r.id} data-reading={r.id}>
                <th scope="row">
                  <Link to={`/readings/${r.id}`}>{readingTime(r.takenAt, r.utcOffsetMinutes)}</Link>
                </th>
                <td className="num bp-value" data-label={t('health.metrics.blood_pressure')}>
                  {t('health.bp.reading', { value: formatBp(r.systolic, r.diastolic) })}
                </td>
                <td className="num" data-label={t('health.bp.pulse')}>
                  {r.pulse === undefined ? '—' : t('health.bp.pulseValue', { bpm: r.pulse })}
                </td>
                <td data-label={t('health.bp.category')}>
                  <BpCategory category={r.category} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager page={page} pages={shown.pages} onChange={setPage} label={t('health.bp.pages')} />
    </section>
  );
}

function BpCategory({ category }: { category: BloodPressureCategory }) {
  const { t } = useTranslation();
  return (
    <span className={`bp-category bp-${category}`} data-category={category}>
      <span className="bp-swatch" aria-hidden="true" />
      {t(`health.bp.categories.${category}`)}
    </span>
  );
}
