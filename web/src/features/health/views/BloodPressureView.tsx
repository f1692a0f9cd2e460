import { type BloodPressureCategory, classifyBloodPressure } from '@vitalbase/core/health-data/rules';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../../components/forms';
import { useFormat } from '../../../i18n/format';
import { useReadings, useTimeseries } from '../queries';
import { Chart, type ChartSeries } from '../Chart';
import { alignSeries } from '../chart-data';
import type { MetricViewProps } from './view-props';
import { useTimeZone } from '../parts';

/** Systolic and diastolic over the range, and each reading with its guideline category (colour and words). */
export function BloodPressureView({ period }: MetricViewProps) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const tz = useTimeZone();
  const w = useMemo(() => ({ from: period.from, to: period.to }), [period]);
  const sys = useTimeseries('systolic_bp', w);
  const dia = useTimeseries('diastolic_bp', w);
  const readings = useReadings('systolic_bp', w.from, w.to);
  const data = useMemo(
    () => alignSeries([sys.data?.buckets ?? [], dia.data?.buckets ?? []], (_i, v) => Math.round(v)),
    [sys.data, dia.data],
  );
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: `${t('health.metrics.systolic_bp')} (mmHg)`, color: '#cf222e' },
      { label: `${t('health.metrics.diastolic_bp')} (mmHg)`, color: '#1f6feb' },
    ],
    [t],
  );
  const rows = (readings.data ?? [])
    .map((r) => {
      const s = r.measures.find((m) => m.metric === 'systolic_bp')?.value;
      const d = r.measures.find((m) => m.metric === 'diastolic_bp')?.value;
      return s !== undefined && d !== undefined
        ? { id: r.id, at: r.takenAt, s, d, c: classifyBloodPressure(s, d) }
        : null;
    })
    .filter((r) => r !== null)
    .reverse()
    .slice(0, 60);
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
            timeZone={tz}
          />
        )}
      </section>
      <section className="card">
        <h2>{t('health.bp.readings')}</h2>
        <p className="muted">{t('health.bp.guideline')}</p>
        <FormError error={readings.error} />
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('health.timeline.when')}</th>
                <th scope="col">{t('health.bp.value')}</th>
                <th scope="col">{t('health.bp.category')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/readings/${r.id}`}>{dateTime(r.at)}</Link>
                  </td>
                  <td>{`${Math.round(r.s)}/${Math.round(r.d)} mmHg`}</td>
                  <td>
                    <BpCategory category={r.c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
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
