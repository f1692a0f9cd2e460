import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Field, FormError, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { TableWrap } from '../health/views/TableWrap';
import { reportPath, useClinic, useReport } from './queries';
import { SharingPeriods } from './SharingPeriods';

/**
 * The monthly report (issue #15), of the clinic or of one patient (`/patients/:patientId/report`):
 * a month to pick, the lines (each period of sharing that overlaps the month: a stop and a new
 * enrolment are two), the CSV to download, and a layout for printing (print CSS hides the navigation
 * and the controls). On a phone each line is a block of labelled cells (no side scroll).
 */
export function ClinicReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { clinicId = '', patientId } = useParams();
  const [params, setParams] = useSearchParams();
  const current = format.today().slice(0, 7);
  const picked = params.get('month') ?? '';
  const month = /^\d{4}-\d{2}$/.test(picked) ? picked : current;
  const [draft, setDraft] = useState(month);
  const clinic = useClinic(clinicId);
  const report = useReport(clinicId, patientId, month);
  const monthName = format.inZone(`${month}-15T12:00:00Z`, { month: 'long', year: 'numeric' });
  const title = t('clinics.report.title', { month: monthName });
  useTitle(title);
  const back = patientId ? `/clinics/${clinicId}/patients/${patientId}` : `/clinics/${clinicId}`;
  return (
    <div className="report-page">
      <p className="no-print">
        <Link to={back}>{t('clinics.report.back')}</Link>
      </p>
      <h1>{title}</h1>
      {clinic.data && <p className="muted">{clinic.data.name}</p>}
      <form
        className="no-print report-controls"
        aria-label={t('clinics.report.pick')}
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          setParams({ month: draft });
        }}
      >
        <Field
          label={t('clinics.report.month')}
          name="month"
          type="month"
          value={draft}
          max={current}
          onChange={(e) => setDraft(e.target.value)}
          required
        />
        <SubmitButton busy={report.isFetching}>{t('clinics.report.show')}</SubmitButton>{' '}
        <a className="button" href={reportPath(clinicId, patientId, month, true)} download>
          {t('clinics.report.csv')}
        </a>{' '}
        <button type="button" className="button" onClick={() => window.print()}>
          {t('clinics.report.print')}
        </button>
      </form>
      <FormError error={report.error} />
      {report.isSuccess && report.data.lines.length === 0 && <p>{t('clinics.report.none')}</p>}
      {report.data && report.data.lines.length > 0 && (
        <TableWrap label={title}>
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">{t('clinics.report.patient')}</th>
                <th scope="col">{t('clinics.report.periods')}</th>
                <th scope="col">{t('clinics.report.days')}</th>
                <th scope="col">{t('clinics.report.minutes')}</th>
                <th scope="col">{t('clinics.report.interactive')}</th>
                <th scope="col">{t('clinics.report.raised')}</th>
                <th scope="col">{t('clinics.report.resolved')}</th>
              </tr>
            </thead>
            <tbody>
              {report.data.lines.map((l) => (
                <tr key={l.patientId}>
                  <th scope="row">{l.displayName}</th>
                  <td data-label={t('clinics.report.periods')}>
                    <SharingPeriods periods={l.periods} />
                  </td>
                  <td data-label={t('clinics.report.days')}>{l.daysWithData}</td>
                  <td data-label={t('clinics.report.minutes')}>{l.minutes}</td>
                  <td data-label={t('clinics.report.interactive')}>{l.interactiveMinutes}</td>
                  <td data-label={t('clinics.report.raised')}>{l.alertsRaised}</td>
                  <td data-label={t('clinics.report.resolved')}>{l.alertsResolved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p className="muted">{t('clinics.report.explain')}</p>
    </div>
  );
}
