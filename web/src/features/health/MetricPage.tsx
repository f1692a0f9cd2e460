import { getMetric } from '@vitalbase/core/health-data/catalog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useTitle } from '../../components/use-title';
import type { Range } from './chart-data';
import { BloodPressureView } from './views/BloodPressureView';
import { DailyBarsView } from './views/DailyBarsView';
import { EnvironmentView } from './views/EnvironmentView';
import { HeartRateView } from './views/HeartRateView';
import { LineView } from './views/LineView';
import { SleepView } from './views/SleepView';
import { WeightView } from './views/WeightView';
import { NoDiagnosisNotice, RangePicker, useMetricName } from './parts';

const dailyBars = new Set(['steps', 'distance', 'active_calories', 'elevation']);
const pages = new Set(['blood_pressure', 'sleep', 'environment']);

/** One metric's page: a range picker and the charts that suit the metric. */
export function MetricPage() {
  const { t } = useTranslation();
  const { metric = '' } = useParams();
  const name = useMetricName();
  const [range, setRange] = useState<Range>(metric === 'sleep' ? 'week' : 'month');
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
      <RangePicker value={range} onChange={setRange} />
      {metric === 'weight' ? (
        <WeightView range={range} />
      ) : metric === 'blood_pressure' ? (
        <BloodPressureView range={range} />
      ) : metric === 'sleep' ? (
        <SleepView range={range} />
      ) : metric === 'heart_rate' ? (
        <HeartRateView range={range} />
      ) : metric === 'environment' ? (
        <EnvironmentView range={range} />
      ) : dailyBars.has(metric) ? (
        <DailyBarsView metric={metric} range={range} />
      ) : (
        <LineView metric={metric} range={range} heading />
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
