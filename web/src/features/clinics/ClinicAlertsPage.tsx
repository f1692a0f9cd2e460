import type { ClinicAlert } from '@vitalbase/core/clinic-monitoring';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormError, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { ReadingSummary, useMeasureFormat } from '../health/parts';
import { useAlertAction, useAlertAssignees, useAlerts, useAssignAlert, useClinic } from './queries';

const states = ['active', 'resolved'] as const;

/** The clinic's alert queue (issue #15): newest first, acknowledge, resolve with a note. */
export function ClinicAlertsPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const clinic = useClinic(clinicId);
  const [state, setState] = useState<(typeof states)[number]>('active');
  const alerts = useAlerts(clinicId, state);
  const action = useAlertAction(clinicId);
  useTitle(t('clinics.alerts.title'));
  const rows = alerts.data?.pages.flatMap((p) => p.alerts) ?? [];
  return (
    <>
      <p>
        <Link to={`/clinics/${clinicId}`}>{clinic.data?.name ?? t('clinics.title')}</Link>
      </p>
      <h1>{t('clinics.alerts.title')}</h1>
      <FormError error={clinic.error ?? alerts.error} />
      <fieldset className="range-picker">
        <legend className="visually-hidden">{t('clinics.alerts.show')}</legend>
        {states.map((s) => (
          <button
            key={s}
            type="button"
            className="button"
            aria-pressed={state === s}
            onClick={() => setState(s)}
          >
            {t(`clinics.alerts.states.${s}`)}
          </button>
        ))}
      </fieldset>
      <FormError error={action.error} />
      {alerts.isSuccess && rows.length === 0 && <p className="muted">{t('clinics.alerts.none')}</p>}
      {rows.length > 0 && (
        <ul className="alert-list" aria-label={t('clinics.alerts.tableLabel')}>
          {rows.map((a) => (
            <AlertItem key={a.id} clinicId={clinicId} alert={a} action={action} />
          ))}
        </ul>
      )}
      {alerts.hasNextPage && (
        <button
          type="button"
          onClick={() => void alerts.fetchNextPage()}
          disabled={alerts.isFetchingNextPage}
        >
          {t('clinics.alerts.more')}
        </button>
      )}
    </>
  );
}

/** One alert: severity, patient, the reading and its age, then what staff may do with it. */
function AlertItem(props: {
  clinicId: string;
  alert: ClinicAlert;
  action: ReturnType<typeof useAlertAction>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { alert: a, action } = props;
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(a.raisedAt)) / 60_000));
  return (
    <li className="card alert-item">
      <p className="alert-head">
        <span className={`tag severity-${a.severity}`}>{t(`clinics.alerts.severities.${a.severity}`)}</span>{' '}
        <Link to={`/clinics/${props.clinicId}/patients/${a.patientId}`}>{a.patientName}</Link>
        <span className="muted">
          {' · '}
          {t('clinics.alerts.age', { count: minutes })} · {t(`clinics.alerts.stateNames.${a.state}`)}
          {a.escalatedAt && ` · ${t('clinics.alerts.escalated')}`}
        </span>
      </p>
      {a.metric === 'weight_gain' && <p>{t('clinics.alerts.metrics.weight_gain')}</p>}
      <ReadingText alert={a} />
      <p className="muted">
        {format.inZone(a.reading.takenAt, { dateStyle: 'medium', timeStyle: 'short' })}
        {a.late && ` · ${t('clinics.alerts.late')}`}
      </p>
      {a.state !== 'resolved' && <AssignSelect clinicId={props.clinicId} alert={a} />}
      {a.state === 'open' && (
        <button
          type="button"
          className="button"
          disabled={action.isPending}
          aria-label={t('clinics.alerts.acknowledgeNamed', { name: a.patientName })}
          onClick={() => action.mutate({ alert: a, action: 'acknowledge' })}
        >
          {t('clinics.alerts.acknowledge')}
        </button>
      )}
      {a.state !== 'resolved' ? (
        <form
          aria-label={t('clinics.alerts.resolveNamed', { name: a.patientName })}
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            action.mutate({ alert: a, action: 'resolve', note: formValues(e.currentTarget).note ?? '' });
          }}
        >
          <div className="field">
            <label htmlFor={`note-${a.id}`}>{t('clinics.alerts.note')}</label>
            <textarea id={`note-${a.id}`} name="note" required maxLength={2000} rows={2} />
          </div>
          <SubmitButton busy={action.isPending}>{t('clinics.alerts.resolve')}</SubmitButton>
        </form>
      ) : (
        <p>{t('clinics.alerts.resolvedNote', { note: a.resolutionNote })}</p>
      )}
    </li>
  );
}

/** Who handles the alert: a staff member whose role handles alerts, or nobody. */
function AssignSelect(props: { clinicId: string; alert: ClinicAlert }) {
  const { t } = useTranslation();
  const assignees = useAlertAssignees(props.clinicId);
  const assign = useAssignAlert(props.clinicId);
  const a = props.alert;
  return (
    <div className="field assign-field">
      <label htmlFor={`assignee-${a.id}`}>{t('clinics.assign.label', { name: a.patientName })}</label>
      <select
        id={`assignee-${a.id}`}
        value={a.assigneeId ?? ''}
        disabled={assign.isPending || !assignees.data}
        onChange={(e) => assign.mutate({ alert: a, assigneeId: e.target.value || null })}
      >
        <option value="">{t('clinics.assign.none')}</option>
        {assignees.data?.assignees.map((s) => (
          <option key={s.userId} value={s.userId}>
            {s.displayName}
          </option>
        ))}
      </select>
      <FormError error={assign.error} />
    </div>
  );
}

/** The reading's values in the viewer's units: blood pressure 185/110 mmHg, a weight gain in kg or lb. */
function ReadingText({ alert: a }: { alert: ClinicAlert }) {
  const { t } = useTranslation();
  const measure = useMeasureFormat();
  if (a.metric === 'no_transmission') {
    return <p>{t('clinics.alerts.noTransmission', { count: a.reading.values.days ?? 0 })}</p>;
  }
  const entries = Object.entries(a.reading.values);
  const gains = entries.filter(([k]) => k.startsWith('gain'));
  const measures = entries
    .filter(([k]) => !k.startsWith('gain'))
    .map(([metric, value]) => ({ metric, value }));
  return (
    <>
      <ReadingSummary measures={measures} />
      {gains.map(([k, v]) => (
        <div key={k}>{t(`clinics.alerts.${k}`, { value: measure('weight', v) })}</div>
      ))}
    </>
  );
}
