import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { NoDiagnosisNotice, RangePicker, useMetricName } from './parts';
import { isRange, periodOf, type Range, shiftDate } from './period';
import { PeriodNav, ZoomBar } from './PeriodNav';
import { BloodPressureView } from './views/BloodPressureView';
import { DailyBarsView } from './views/DailyBarsView';
import { EnvironmentView } from './views/EnvironmentView';
import { HeartRateView } from './views/HeartRateView';
import { LineView } from './views/LineView';
import { SleepView } from './views/SleepView';
import type { MetricViewProps, ZoomWindow } from './views/view-props';
import { WeightView } from './views/WeightView';

const dailyBars = new Set(['steps', 'distance', 'active_calories', 'elevation']);
const pages = new Set(['blood_pressure', 'sleep', 'environment']);
const isDate = (v: string | null): v is string => Boolean(v && /^\d{4}-\d{2}-\d{2}$/.test(v));

/**
 * One metric's page: the range, the date and the table toggle live in the URL (`?range=week&date=
 * 2026-11-23&view=table`: bookmarkable, Back steps through them); the zoom lives here and ends with
 * the period. Views receive `MetricViewProps`.
 */
export function MetricPage() {
  const { t } = useTranslation();
  const { metric = '' } = useParams();
  const name = useMetricName();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  // The account's zone (UTC until it loads): periods are the user's local days, not the browser's.
  const today = f.today();
  const asked = params.get('range');
  const range: Range = isRange(asked) ? asked : metric === 'sleep' ? 'week' : 'month';
  const askedDate = params.get('date');
  const date = isDate(askedDate) && askedDate <= today ? askedDate : today;
  const table = params.get('view') === 'table';
  const period = periodOf(range, date, f.timeZone, today);
  const key = `${metric}/${range}/${period.firstDay}`;
  const [zoomed, setZoomed] = useState<{ key: string; w: ZoomWindow }>();
  const zoom = zoomed?.key === key ? zoomed.w : undefined;

  const go = (next: { range?: Range; date?: string; table?: boolean }) => {
    const p = new URLSearchParams(params);
    p.set('range', next.range ?? range);
    p.set('date', next.date ?? date);
    if (next.table ?? table) p.set('view', 'table');
    else p.delete('view');
    setParams(p);
  };
  const view: MetricViewProps = {
    period,
    zoom,
    onZoom: (w) => setZoomed({ key, w }),
    table,
  };

  const known = pages.has(metric) || Boolean(getMetric(metric));
  const title = known ? name(metric) : t('health.notFound');
  useTitle(title);
  if (!known) {
    return (
      <>
        <h1>{title}</h1>
        <p>
          <Link to="/">{t('health.backToDashboard')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      <RangePicker value={range} onChange={(r) => go({ range: r })} />
      <PeriodNav
        period={period}
        today={today}
        onDate={(d, step) => {
          const next = step ? shiftDate(range, d, step) : d;
          go({ date: next.localeCompare(today) > 0 ? today : next });
        }}
      />
      <div className="chart-tools">
        <ZoomBar zoom={zoom} onReset={() => setZoomed(undefined)} />
        <button type="button" className="button" aria-pressed={table} onClick={() => go({ table: !table })}>
          {t('health.chart.showTable')}
        </button>
      </div>
      {metric === 'weight' ? (
        <WeightView {...view} />
      ) : metric === 'blood_pressure' ? (
        <BloodPressureView {...view} />
      ) : metric === 'sleep' ? (
        <SleepView {...view} />
      ) : metric === 'heart_rate' ? (
        <HeartRateView {...view} />
      ) : metric === 'environment' ? (
        <EnvironmentView {...view} />
      ) : dailyBars.has(metric) ? (
        <DailyBarsView metric={metric} {...view} />
      ) : (
        <LineView metric={metric} {...view} heading />
      )}
      {!['sleep', 'environment'].includes(metric) && (
        <p>
          <Link to={`/timeline?metric=${metric === 'blood_pressure' ? 'systolic_bp' : metric}`}>
            {t('health.timeline.link')}
          </Link>
        </p>
      )}
      <NoDiagnosisNotice />
    </>
  );
}
