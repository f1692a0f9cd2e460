import { clinicDataCategories } from '@vitalbase/core/clinics';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useMeasureFormat, useMetricName } from '../health/parts';
import { TableWrap } from '../health/views/TableWrap';
import { ClinicNotesSection } from './ClinicNotesSection';
import { ClinicThresholdsSection } from './ClinicThresholdsSection';
import { ClinicTimeLogSection } from './ClinicTimeLogSection';
import { useClinic, usePatient, usePatientReadings } from './queries';
import { SharingPeriods } from './SharingPeriods';

const categoryMetrics = clinicDataCategories as Record<string, readonly string[]>;

/** One patient for the care team: what they share, and the readings of each shared category. */
export function ClinicPatientPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { clinicId = '', patientId = '' } = useParams();
  const patient = usePatient(clinicId, patientId);
  const clinic = useClinic(clinicId);
  useTitle(patient.data?.displayName ?? t('clinics.patient.title'));
  const categories = (patient.data?.categories ?? []).filter((c) => c in categoryMetrics);
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
          {/* Stopped and enrolled again: each period (the line above is the current one's). */}
          {patient.data.periods.length > 1 && (
            <div className="muted patient-periods">
              <span id="patient-periods">{t('clinics.patient.periods')}</span>
              <SharingPeriods periods={patient.data.periods} labelledBy="patient-periods" />
            </div>
          )}
          {categories.map((c) => (
            <ReadingsTable key={c} clinicId={clinicId} patientId={patientId} category={c} />
          ))}
          <ClinicThresholdsSection
            clinicId={clinicId}
            patientId={patientId}
            canEdit={clinic.data?.permissions.includes('thresholds') ?? false}
          />
          {clinic.data?.permissions.includes('time_log') && (
            <ClinicTimeLogSection clinicId={clinicId} patientId={patientId} />
          )}
          <p>
            <Link to={`/clinics/${clinicId}/patients/${patientId}/report`}>{t('clinics.report.open')}</Link>
          </p>
        </>
      )}
      {/* The clinic's notes stay readable after the patient stopped sharing (then the page above is a 404). */}
      {clinic.data?.permissions.includes('notes') && (patient.data || patient.isError) && (
        <ClinicNotesSection clinicId={clinicId} patientId={patientId} canWrite={!!patient.data} />
      )}
    </>
  );
}

/**
 * One shared category's readings, found by its first metric (blood pressure: systolic), each reading's
 * values in the category's order (systolic, diastolic, pulse).
 */
function ReadingsTable(props: { clinicId: string; patientId: string; category: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const metricName = useMetricName();
  const measure = useMeasureFormat();
  const order = categoryMetrics[props.category] ?? [];
  const readings = usePatientReadings(props.clinicId, props.patientId, order[0] ?? props.category);
  const rank = (m: string) => (order.includes(m) ? order.indexOf(m) : order.length);
  const items = [...(readings.data?.items ?? [])].reverse();
  const id = `readings-${props.category}`;
  const title = t(`clinics.categories.${props.category}`, { defaultValue: props.category });
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <FormError error={readings.error} />
      {readings.isSuccess && items.length === 0 && <p className="muted">{t('clinics.patient.noReadings')}</p>}
      {items.length > 0 && (
        <TableWrap label={t('clinics.patient.tableLabel', { metric: title })}>
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
                    {[...r.measures]
                      .sort((a, b) => rank(a.metric) - rank(b.metric))
                      .map((m) => `${metricName(m.metric)} ${measure(m.metric, m.value)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
