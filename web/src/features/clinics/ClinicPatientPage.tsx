import { clinicDataCategories } from '@vitalbase/core/clinics';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useMeasureFormat, useMetricName } from '../health/parts';
import { usePatient, usePatientReadings } from './queries';

/** One patient for the care team: what they share, and the readings of each shared category. */
export function ClinicPatientPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { clinicId = '', patientId = '' } = useParams();
  const patient = usePatient(clinicId, patientId);
  useTitle(patient.data?.displayName ?? t('clinics.patient.title'));
  // The first metric of each shared category heads its table (blood pressure: systolic, with diastolic).
  const metrics = (patient.data?.categories ?? []).map(
    (c) => (clinicDataCategories as Record<string, readonly string[]>)[c]?.[0] ?? c,
  );
  return (
    <>
      <p>
        <Link to={`/clinics/${clinicId}`}>{t('clinics.patient.back')}</Link>
      </p>
      <FormError error={patient.error} />
      {patient.data && (
        <>
          <h1>{patient.data.displayName}</h1>
          <p className="muted">
            {t('clinics.patient.since', {
              since: format.inZone(patient.data.enrolledAt, { dateStyle: 'long' }),
              what: patient.data.categories
                .map((c) => t(`clinics.categories.${c}`, { defaultValue: c }))
                .join(', '),
            })}
          </p>
          {[...new Set(metrics)].map((m) => (
            <ReadingsTable key={m} clinicId={clinicId} patientId={patientId} metric={m} />
          ))}
        </>
      )}
    </>
  );
}

function ReadingsTable({
  clinicId,
  patientId,
  metric,
}: {
  clinicId: string;
  patientId: string;
  metric: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const metricName = useMetricName();
  const measure = useMeasureFormat();
  const readings = usePatientReadings(clinicId, patientId, metric);
  const items = [...(readings.data?.items ?? [])].reverse();
  const id = `readings-${metric}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{metricName(metric)}</h2>
      <FormError error={readings.error} />
      {readings.isSuccess && items.length === 0 && <p className="muted">{t('clinics.patient.noReadings')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('clinics.patient.when')}</th>
                <th scope="col">{t('clinics.patient.values')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    {format.readingTime(r.takenAt, r.utcOffsetMinutes, {
                      dateStyle: 'medium',
                      timeStyle: 'short',
                    })}
                  </td>
                  <td>
                    {r.measures
                      .map((m) => `${metricName(m.metric)} ${measure(m.metric, m.value)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
