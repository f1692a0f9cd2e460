import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useGoal } from '../goals/queries';
import { GoalProgress, WeightTargetText } from '../goals/GoalProgress';
import { type LatestValue, useLatest, useTimeseries } from './queries';
import { trendOf, weightedMean } from './chart-data';
import { NoDiagnosisNotice, TrendText, useMeasureFormat, useMetricName } from './parts';

const WEEK = 7 * 86_400_000;

/** Which page a metric's card opens: related metrics share a page (systolic and diastolic, the bedroom sensors). */
function pageOf(metric: string): string {
  if (metric === 'systolic_bp' || metric === 'diastolic_bp') return 'blood_pressure';
  if (['noise', 'co2', 'room_temperature', 'humidity'].includes(metric)) return 'environment';
  return metric;
}

/** Device-health values are shown on the devices page, not as health cards. */
const hidden = new Set(['diastolic_bp', 'battery', 'wifi_signal']);

/** Metrics in the catalog's order, so cards keep their place from one visit to the next. */
function order(metric: string): number {
  return ['weight', 'systolic_bp', 'heart_rate', 'steps', 'sleep'].indexOf(metric) >>> 0;
}

/** The dashboard: one card per metric the user has; a newcomer is told how to get data in. */
export function DashboardPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const latest = useLatest();
  useTitle(t('health.dashboard.title'));

  const cards = useMemo(
    () =>
      (latest.data?.raw ?? [])
        .filter((v) => !hidden.has(v.metric) && getMetric(v.metric))
        .sort((a, b) => order(a.metric) - order(b.metric) || a.metric.localeCompare(b.metric)),
    [latest.data],
  );
  const sleep = latest.data?.derived.find((d) => d.kind === 'sleep_summary');
  const diastolic = latest.data?.raw.find((v) => v.metric === 'diastolic_bp');
  const dayTotals = latest.data?.derived.find((d) => d.kind === 'daily_totals')?.details;

  return (
    <>
      <h1>{t('home.welcome', { name: me?.displayName ?? '' })}</h1>
      <FormError error={latest.error} />
      {latest.isPending && <p className="loading">{t('common.loading')}</p>}
      {latest.data && cards.length === 0 && !sleep && <EmptyState />}
      {(cards.length > 0 || sleep) && (
        <>
          <ul className="metric-cards" aria-label={t('health.dashboard.cards')}>
            {cards.map((v) => (
              <MetricCard
                key={v.metric}
                value={v}
                diastolic={v.metric === 'systolic_bp' ? diastolic : undefined}
                dayTotals={dayTotals}
              />
            ))}
            {sleep && <SleepCard at={sleep.at} details={sleep.details} />}
          </ul>
          <NoDiagnosisNotice />
        </>
      )}
    </>
  );
}

function EmptyState() {
  const { t } = useTranslation();
  return (
    <section className="card empty-state" aria-labelledby="dashboard-empty">
      <h2 id="dashboard-empty">{t('health.dashboard.emptyTitle')}</h2>
      <p>{t('health.dashboard.emptyBody')}</p>
      <ol>
        <li>
          <Link to="/devices">{t('health.dashboard.emptyPair')}</Link>
        </li>
        <li>
          {t('health.dashboard.emptySimulate')} <code>npx vitalbase simulate</code>
        </li>
        <li>
          <Link to="/timeline">{t('health.dashboard.emptyAdd')}</Link>
        </li>
      </ol>
    </section>
  );
}

/** This week's average against last week's, from one downsampled request of two week-long buckets. */
function useWeekTrend(metric: string, at: string) {
  const to = Date.parse(at) + 1000;
  const res = useTimeseries(metric, {
    from: new Date(to - 2 * WEEK).toISOString(),
    to: new Date(to).toISOString(),
    bucketSeconds: WEEK / 1000,
  });
  const buckets = res.data?.buckets ?? [];
  const fromMs = to - 2 * WEEK;
  const previous = weightedMean(buckets.filter((b) => Date.parse(b.start) < fromMs + WEEK));
  const current = weightedMean(buckets.filter((b) => Date.parse(b.start) >= fromMs + WEEK));
  return trendOf(current, previous);
}

function MetricCard({
  value,
  diastolic,
  dayTotals,
}: {
  value: LatestValue;
  diastolic?: LatestValue | undefined;
  dayTotals?: Record<string, unknown> | undefined;
}) {
  const { t } = useTranslation();
  const name = useMetricName();
  const fmt = useMeasureFormat();
  const { dateTime, date } = useFormat();
  // Steps and the like add up: the day's total says more than the last minute's count.
  const total = getMetric(value.metric)?.dailyAggregate === 'sum' ? dayTotals?.[value.metric] : undefined;
  const totalDate = typeof dayTotals?.date === 'string' ? dayTotals.date : undefined;
  const trend = useWeekTrend(value.metric, value.at);
  const page = pageOf(value.metric);
  const title = value.metric === 'systolic_bp' ? t('health.metrics.blood_pressure') : name(value.metric);
  const shown =
    value.metric === 'systolic_bp' && diastolic
      ? `${Math.round(value.value)}/${Math.round(diastolic.value)} mmHg`
      : typeof total === 'number'
        ? fmt(value.metric, total)
        : fmt(value.metric, value.value);
  return (
    <li className="card metric-card" data-metric={value.metric}>
      <h2>
        <Link to={`/metrics/${page}`}>{title}</Link>
      </h2>
      <p className="metric-value" data-testid={`latest-${value.metric}`}>
        {shown}
      </p>
      <p className="muted">
        {typeof total === 'number' && totalDate
          ? t('health.dashboard.dayTotal', { date: date(totalDate) })
          : t('health.dashboard.at', { time: dateTime(value.at) })}
      </p>
      {value.metric === 'steps' && typeof total === 'number' && <StepsGoal steps={total} />}
      {value.metric === 'weight' && <WeightGoal weight={value.value} />}
      <p>
        <TrendText trend={trend} /> <span className="muted">{t('health.trend.vsLastWeek')}</span>
      </p>
    </li>
  );
}

function SleepCard({ at, details }: { at: string; details: Record<string, unknown> }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const asleep = typeof details.asleepSeconds === 'number' ? details.asleepSeconds : undefined;
  const goal = useGoal('sleep_duration');
  return (
    <li className="card metric-card" data-metric="sleep">
      <h2>
        <Link to="/metrics/sleep">{t('health.metrics.sleep')}</Link>
      </h2>
      <p className="metric-value" data-testid="latest-sleep">
        {asleep === undefined ? '—' : formatDuration(asleep, t)}
      </p>
      <p className="muted">{t('health.dashboard.at', { time: dateTime(at) })}</p>
      {asleep !== undefined && goal && (
        <GoalProgress
          kind="sleep_duration"
          current={asleep}
          goal={goal.value}
          currentText={formatDuration(asleep, t)}
          goalText={formatDuration(goal.value, t)}
        />
      )}
    </li>
  );
}

/** The day's steps against the daily goal, when one is set. */
function StepsGoal({ steps }: { steps: number }) {
  const goal = useGoal('steps');
  const fmt = useMeasureFormat();
  if (!goal) return null;
  return (
    <GoalProgress
      kind="steps"
      current={steps}
      goal={goal.value}
      currentText={fmt('steps', steps)}
      goalText={fmt('steps', goal.value)}
    />
  );
}

/** The latest weight against the target, in the user's mass unit. */
function WeightGoal({ weight }: { weight: number }) {
  const goal = useGoal('weight');
  const fmt = useMeasureFormat();
  if (!goal) return null;
  const diff = Math.abs(weight - goal.value);
  return (
    <WeightTargetText
      reached={diff < 0.05}
      diffText={fmt('weight', diff)}
      targetText={fmt('weight', goal.value)}
    />
  );
}

/** 7 h 42 min */
export function formatDuration(
  seconds: number,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return t('health.duration', { h, m });
}
