import { getMetric } from '@vitalbase/core/health-data/catalog';
import { classifyBloodPressure } from '@vitalbase/core/health-data/rules';
import type { SummaryMetric } from '@vitalbase/core/health-data/summary';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import { GoalProgress, WeightTargetText } from '../goals/GoalProgress';
import { useGoal } from '../goals/queries';
import { signed } from './dashboard';
import { useMeasureFormat, useMetricName } from './parts';
import type { LatestValue } from './queries';
import { Sparkline } from './Sparkline';
import { formatDifference } from './units';
import { useUnits } from './use-units';

/** Which page a metric's card opens: related metrics share a page (systolic and diastolic, the bedroom sensors). */
function pageOf(metric: string): string {
  if (metric === 'systolic_bp' || metric === 'diastolic_bp') return 'blood_pressure';
  if (['noise', 'co2', 'room_temperature', 'humidity'].includes(metric)) return 'environment';
  return metric;
}

/** The trend of a card: its summary, `pending` while the summary loads (a placeholder, never "no trend"). */
export interface TrendInput {
  pending: boolean;
  of: (metric: string) => SummaryMetric | undefined;
}

function Card({
  metric,
  title,
  value,
  children,
}: {
  metric: string;
  title: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <li className="card metric-card" data-metric={metric}>
      <h3>
        <Link to={`/metrics/${pageOf(metric)}`}>{title}</Link>
      </h3>
      <p className="metric-value" data-testid={`latest-${metric}`}>
        {value}
      </p>
      {children}
    </li>
  );
}

export function MetricCard({
  value,
  diastolic,
  dayTotals,
  trend,
}: {
  value: LatestValue;
  diastolic?: LatestValue | undefined;
  dayTotals?: Record<string, unknown> | undefined;
  trend: TrendInput;
}) {
  const { t } = useTranslation();
  const name = useMetricName();
  const fmt = useMeasureFormat();
  const { readingTime, date } = useFormat();
  // Steps and the like add up: the day's total says more than the last minute's count.
  const total = getMetric(value.metric)?.dailyAggregate === 'sum' ? dayTotals?.[value.metric] : undefined;
  const totalDate = typeof dayTotals?.date === 'string' ? dayTotals.date : undefined;
  const bp = value.metric === 'systolic_bp' && diastolic ? diastolic : undefined;
  const title = value.metric === 'systolic_bp' ? t('health.metrics.blood_pressure') : name(value.metric);
  const shown = bp
    ? `${Math.round(value.value)}/${Math.round(bp.value)} mmHg`
    : fmt(value.metric, typeof total === 'number' ? total : value.value);
  return (
    <Card metric={value.metric} title={title} value={shown}>
      {bp && (
        <p>
          <span className="tag card-bp-category" data-testid="bp-category">
            {t('health.dashboard.bpCategory', {
              category: t(`health.bp.categories.${classifyBloodPressure(value.value, bp.value)}`),
            })}
          </span>
        </p>
      )}
      <p className="muted">
        {typeof total === 'number' && totalDate
          ? t('health.dashboard.dayTotal', { date: date(totalDate) })
          : t('health.dashboard.at', { time: readingTime(value.at, value.utcOffsetMinutes) })}
      </p>
      {value.metric === 'steps' && typeof total === 'number' && <StepsGoal steps={total} />}
      {value.metric === 'weight' && <WeightGoal weight={value.value} />}
      {bp ? (
        <BloodPressureTrend trend={trend} />
      ) : (
        <CardTrend metric={value.metric} trend={trend} format={(v) => fmt(value.metric, v)} />
      )}
    </Card>
  );
}

export function SleepCard({
  at,
  utcOffsetMinutes,
  details,
  trend,
}: {
  at: string;
  utcOffsetMinutes: number;
  details: Record<string, unknown>;
  trend: TrendInput;
}) {
  const { t } = useTranslation();
  const { readingTime } = useFormat();
  const asleep = typeof details.asleepSeconds === 'number' ? details.asleepSeconds : undefined;
  const goal = useGoal('sleep_duration');
  const duration = (s: number) => durationText(s, t);
  return (
    <Card
      metric="sleep"
      title={t('health.metrics.sleep')}
      value={asleep === undefined ? '—' : duration(asleep)}
    >
      <p className="muted">{t('health.dashboard.at', { time: readingTime(at, utcOffsetMinutes) })}</p>
      {asleep !== undefined && goal && (
        <GoalProgress
          kind="sleep_duration"
          current={asleep}
          goal={goal.value}
          currentText={duration(asleep)}
          goalText={duration(goal.value)}
        />
      )}
      <CardTrend metric="sleep" trend={trend} format={duration} difference={duration} />
    </Card>
  );
}

/** A placeholder the size of the trend lines while the summary loads: no "no trend" flash. */
function TrendPlaceholder() {
  return (
    <div className="trend-placeholder" aria-hidden="true" data-testid="trend-placeholder">
      <span className="skeleton-line" />
      <span className="skeleton-line short" />
    </div>
  );
}

/** "−0.8 kg vs last week", the 7-day average and the sparkline of the last four weeks. */
function CardTrend({
  metric,
  trend,
  format,
  difference,
}: {
  metric: string;
  trend: TrendInput;
  format: (v: number) => string;
  /** How to write a difference of two values; default: in the user's unit (a weight in lb). */
  difference?: (d: number) => string;
}) {
  const { t } = useTranslation();
  const prefs = useUnits();
  const { locale } = useFormat();
  if (trend.pending) return <TrendPlaceholder />;
  const s = trend.of(metric);
  if (!s) return null;
  const change =
    s.average7 !== null && s.previous7 !== null
      ? difference
        ? (() => {
            const d = Math.round(s.average7 - s.previous7);
            return { delta: d, text: difference(Math.abs(d)) };
          })()
        : formatDifference(metric, s.average7, s.previous7, prefs, locale)
      : undefined;
  return (
    <div className="card-trend">
      <ChangeLine change={change} />
      {s.average7 !== null && (
        <p className="muted">{t('health.dashboard.average', { value: format(s.average7) })}</p>
      )}
      <Sparkline lines={[s.days.map((d) => d.value)]} format={format} />
    </div>
  );
}

function BloodPressureTrend({ trend }: { trend: TrendInput }) {
  const { t } = useTranslation();
  if (trend.pending) return <TrendPlaceholder />;
  const sys = trend.of('systolic_bp');
  const dia = trend.of('diastolic_bp');
  if (!sys || !dia) return null;
  const pair = (a: number, b: number) => `${Math.round(a)}/${Math.round(b)} mmHg`;
  const change =
    sys.average7 !== null && sys.previous7 !== null && dia.average7 !== null && dia.previous7 !== null
      ? (() => {
          const ds = Math.round(sys.average7 - sys.previous7);
          const dd = Math.round(dia.average7 - dia.previous7);
          return {
            delta: ds || dd,
            text: `${signed(String(Math.abs(ds)), ds)}/${signed(String(Math.abs(dd)), dd)} mmHg`,
            signedAlready: true,
          };
        })()
      : undefined;
  return (
    <div className="card-trend">
      <ChangeLine change={change} />
      {sys.average7 !== null && dia.average7 !== null && (
        <p className="muted">{t('health.dashboard.average', { value: pair(sys.average7, dia.average7) })}</p>
      )}
      <Sparkline
        lines={[sys.days.map((d) => d.value), dia.days.map((d) => d.value)]}
        format={(v) => `${Math.round(v)} mmHg`}
      />
    </div>
  );
}

const arrows = { up: '↑', down: '↓', steady: '→' } as const;

function ChangeLine({
  change,
}: {
  change: { delta: number; text: string; signedAlready?: boolean } | undefined;
}) {
  const { t } = useTranslation();
  if (!change) return <p className="muted">{t('health.dashboard.noComparison')}</p>;
  if (change.delta === 0)
    return (
      <p className="trend trend-steady" data-testid="change">
        <span aria-hidden="true">{arrows.steady} </span>
        {t('health.dashboard.sameAsLastWeek')}
      </p>
    );
  const dir = change.delta > 0 ? 'up' : 'down';
  const text = change.signedAlready ? change.text : signed(change.text, change.delta);
  return (
    <p className={`trend trend-${dir}`} data-testid="change">
      <span aria-hidden="true">{arrows[dir]} </span>
      {t('health.dashboard.change', { change: text })}
    </p>
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

/** 7 h 42 min; under an hour, 25 min. */
function durationText(seconds: number, t: TFunction): string {
  return seconds < 3600
    ? t('health.sleep.minutes', { m: Math.round(seconds / 60) })
    : formatDuration(seconds, t);
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
