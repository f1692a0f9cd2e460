import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { MetricCard, SleepCard, type TrendInput } from './DashboardCards';
import { groupCards } from './dashboard';
import { NoDiagnosisNotice } from './parts';
import { useLatest, useSummary } from './queries';

export { formatDuration } from './DashboardCards';

/**
 * The dashboard: one card per metric the user has, grouped (body, heart, activity, sleep, bedroom),
 * each with the change against last week, the 7-day average and the last four weeks; a newcomer is
 * told how to get data in. Two requests: the latest values and the summary of trends.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const latest = useLatest();
  const summary = useSummary();
  useTitle(t('health.dashboard.title'));

  const raw = latest.data?.raw;
  const sleep = latest.data?.derived.find((d) => d.kind === 'sleep_summary');
  const groups = useMemo(
    () => groupCards([...(raw ?? []).map((v) => v.metric), ...(sleep ? ['sleep'] : [])]),
    [raw, sleep],
  );
  const latestOf = (metric: string) => raw?.find((v) => v.metric === metric);
  const dayTotals = latest.data?.derived.find((d) => d.kind === 'daily_totals')?.details;
  const trend: TrendInput = {
    // A failed summary shows no trend rather than a placeholder forever.
    pending: summary.isPending && !summary.isError,
    of: (metric) => summary.data?.metrics.find((m) => m.metric === metric),
  };

  return (
    <>
      <h1>{t('home.welcome', { name: me?.displayName ?? '' })}</h1>
      <FormError error={latest.error} />
      {latest.isPending && <DashboardSkeleton />}
      {latest.data && groups.length === 0 && <EmptyState />}
      {groups.length > 0 && (
        <>
          <div className="metric-groups" data-testid="metric-groups">
            {groups.map(({ group, metrics }) => (
              <section key={group} className="metric-group" aria-labelledby={`group-${group}`}>
                <h2 id={`group-${group}`}>{t(`health.dashboard.groups.${group}`)}</h2>
                <ul className="metric-cards" data-group={group}>
                  {metrics.map((metric) => {
                    if (metric === 'sleep' && sleep)
                      return (
                        <SleepCard
                          key={metric}
                          at={sleep.at}
                          utcOffsetMinutes={sleep.utcOffsetMinutes}
                          details={sleep.details}
                          trend={trend}
                        />
                      );
                    const value = latestOf(metric);
                    if (!value) return null;
                    return (
                      <MetricCard
                        key={metric}
                        value={value}
                        diastolic={metric === 'systolic_bp' ? latestOf('diastolic_bp') : undefined}
                        dayTotals={dayTotals}
                        trend={trend}
                      />
                    );
                  })}
                </ul>
              </section>
            ))}
          </div>
          <NoDiagnosisNotice />
        </>
      )}
    </>
  );
}

/** The shape of the cards while the first answer comes: the page does not jump when they arrive. */
function DashboardSkeleton() {
  const { t } = useTranslation();
  return (
    <div aria-busy="true" data-testid="dashboard-loading">
      <p className="visually-hidden" role="status">
        {t('common.loading')}
      </p>
      <ul className="metric-cards" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="card metric-card skeleton-card">
            <span className="skeleton-line short" />
            <span className="skeleton-line tall" />
            <span className="skeleton-line" />
          </li>
        ))}
      </ul>
    </div>
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
