import type { ClinicPatient, PatientFilter, PatientSort } from '@vitalbase/core/clinics';
import { patientFilters, patientSorts } from '@vitalbase/core/clinics';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Field, FormError, formValues, SelectField, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { ReadingSummary } from '../health/parts';
import { TableWrap } from '../health/views/TableWrap';
import { usePatients } from './queries';

/**
 * The clinic's patient list (issue #15): per patient the open alerts, this period's days with data
 * (the 16-of-30 rule) and the latest programme readings (blood pressure as one reading), sorted and
 * filtered on the server, 25 a page.
 */
export function ClinicPatientList({ clinicId }: { clinicId: string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState<{ search: string; sort: PatientSort; filter: PatientFilter }>({
    search: '',
    sort: 'enrolled',
    filter: 'all',
  });
  const patients = usePatients(clinicId, query);
  const rows = patients.data?.pages.flatMap((p) => p.patients) ?? [];
  return (
    <>
      <form
        className="patient-list-controls"
        aria-label={t('clinics.patients.search')}
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          setQuery({
            search: v.search ?? '',
            sort: (v.sort as PatientSort) ?? 'enrolled',
            filter: (v.filter as PatientFilter) ?? 'all',
          });
        }}
      >
        <Field label={t('clinics.patients.search')} name="search" type="search" maxLength={100} />
        <SelectField label={t('clinics.patients.sortBy')} name="sort" defaultValue={query.sort}>
          {patientSorts.map((s) => (
            <option key={s} value={s}>
              {t(`clinics.patients.sorts.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('clinics.patients.show')} name="filter" defaultValue={query.filter}>
          {patientFilters.map((f) => (
            <option key={f} value={f}>
              {t(`clinics.patients.filters.${f}`)}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={patients.isFetching && !patients.isFetchingNextPage}>
          {t('clinics.patients.find')}
        </SubmitButton>
      </form>
      <FormError error={patients.error} />
      {patients.isSuccess && rows.length === 0 && <p className="muted">{t('clinics.patients.none')}</p>}
      {rows.length > 0 && (
        <TableWrap label={t('clinics.patients.tableLabel')}>
          <table className="patient-list">
            <thead>
              <tr>
                <th scope="col">{t('clinics.patients.name')}</th>
                <th scope="col">{t('clinics.patients.alerts')}</th>
                <th scope="col">{t('clinics.patients.period')}</th>
                <th scope="col">{t('clinics.patients.latest')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <PatientRow key={p.userId} clinicId={clinicId} patient={p} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {patients.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={patients.isFetchingNextPage}
          onClick={() => void patients.fetchNextPage()}
        >
          {t('clinics.patients.more')}
        </button>
      )}
    </>
  );
}

function PatientRow({ clinicId, patient: p }: { clinicId: string; patient: ClinicPatient }) {
  const { t } = useTranslation();
  const format = useFormat();
  // Blood pressure is one reading of two values; every other programme metric stands alone.
  const bp = p.latest.filter((l) => l.metric === 'systolic_bp' || l.metric === 'diastolic_bp');
  const others = p.latest.filter((l) => !bp.includes(l));
  const readings = [...(bp.length ? [bp] : []), ...others.map((l) => [l])];
  return (
    <tr>
      <td>
        <Link to={`/clinics/${clinicId}/patients/${p.userId}`}>{p.displayName}</Link>
        <br />
        <span className="muted">
          {t('clinics.patients.since')} {format.inZone(p.enrolledAt, { dateStyle: 'medium' })}
        </span>
      </td>
      <td data-label={t('clinics.patients.alerts')}>
        {p.openAlerts === 0 ? (
          <span className="muted">{t('clinics.patients.noAlert')}</span>
        ) : (
          <>
            {p.worstSeverity && (
              <span className={`tag severity-${p.worstSeverity}`}>
                {t(`clinics.alerts.severities.${p.worstSeverity}`)}
              </span>
            )}{' '}
            {t('clinics.patients.openAlerts', { count: p.openAlerts })}
          </>
        )}
      </td>
      <td data-label={t('clinics.patients.period')}>
        <AdherenceText adherence={p.adherence} />
      </td>
      <td>
        {readings.length === 0 ? (
          <span className="muted">{t('clinics.patients.noReading')}</span>
        ) : (
          readings.map((r) => <ReadingSummary key={r[0]!.metric} measures={r} />)
        )}
      </td>
    </tr>
  );
}

/** This period: days with data of the 16 needed, the day of 30, and the warning from day 20. */
function AdherenceText({ adherence: a }: { adherence: ClinicPatient['adherence'] }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{t('clinics.patients.daysWithData', { count: a.daysWithData, required: a.required })}</strong>
      <br />
      <span className="muted">{t('clinics.patients.periodDay', { day: a.day, left: a.daysLeft })}</span>
      {a.met && (
        <>
          <br />
          <span className="tag">{t('clinics.patients.met')}</span>
        </>
      )}
      {a.warning && (
        <>
          <br />
          <span className="tag severity-high">{t('clinics.patients.outOfReach')}</span>
        </>
      )}
    </>
  );
}
