import type { TimeEntry } from '@vitalbase/core/clinic-care';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { TableWrap } from '../health/views/TableWrap';
import { useTimeLog, useTimeLogAction } from './queries';

/**
 * Care-team time on the patient this month (issue #15, RPM billing): a timer to start and stop, an
 * entry by hand, the month's entries and totals. Each staff member deletes only their own entries.
 */
export function ClinicTimeLogSection(props: { clinicId: string; patientId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = format.today();
  const month = today.slice(0, 7);
  const log = useTimeLog(props.clinicId, props.patientId, month);
  const action = useTimeLogAction(props.clinicId, props.patientId);
  const [interactive, setInteractive] = useState(false);
  const running = log.data?.entries.find((e) => e.mine && e.startedAt);
  const onAdd = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    action.mutate(
      {
        kind: 'add',
        body: { day: v.day ?? today, minutes: Number(v.minutes), interactive, note: v.note ?? '' },
      },
      {
        onSuccess: () => {
          form.reset();
          setInteractive(false);
        },
      },
    );
  };
  return (
    <section className="card" aria-labelledby="time-log-title">
      <h2 id="time-log-title">{t('clinics.timeLog.title')}</h2>
      <FormError error={log.error ?? action.error} />
      {log.data && (
        <p>
          {t('clinics.timeLog.totals', {
            month: format.inZone(`${month}-15T12:00:00Z`, { month: 'long', year: 'numeric' }),
            minutes: log.data.minutes,
            interactive: log.data.interactiveMinutes,
          })}
        </p>
      )}
      <p>
        {running ? (
          <button
            type="button"
            className="button"
            disabled={action.isPending}
            onClick={() => action.mutate({ kind: 'stop', entryId: running.id })}
          >
            {t('clinics.timeLog.stop', {
              since: format.inZone(running.startedAt ?? '', { timeStyle: 'short' }),
            })}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={action.isPending || !log.isSuccess}
            onClick={() => action.mutate({ kind: 'start', body: { interactive, note: '' } })}
          >
            {t('clinics.timeLog.start')}
          </button>
        )}
      </p>
      <form aria-label={t('clinics.timeLog.addTitle')} onSubmit={onAdd} className="time-entry-form">
        <Field
          label={t('clinics.timeLog.day')}
          name="day"
          type="date"
          defaultValue={today}
          max={today}
          required
        />
        <Field
          label={t('clinics.timeLog.minutes')}
          name="minutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          required
        />
        <Field label={t('clinics.timeLog.note')} name="note" maxLength={1000} />
        <label className="checkbox">
          <input type="checkbox" checked={interactive} onChange={(e) => setInteractive(e.target.checked)} />{' '}
          {t('clinics.timeLog.interactive')}
        </label>
        <p>
          <SubmitButton busy={action.isPending}>{t('clinics.timeLog.add')}</SubmitButton>
        </p>
      </form>
      {log.isSuccess && log.data.entries.length === 0 && <p className="muted">{t('clinics.timeLog.none')}</p>}
      {log.data && log.data.entries.length > 0 && (
        <TableWrap label={t('clinics.timeLog.tableLabel')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('clinics.timeLog.day')}</th>
                <th scope="col">{t('clinics.timeLog.who')}</th>
                <th scope="col">{t('clinics.timeLog.minutes')}</th>
                <th scope="col">{t('clinics.timeLog.note')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('clinics.timeLog.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <EntryRow
                  key={e.id}
                  entry={e}
                  busy={action.isPending}
                  onDelete={() => action.mutate({ kind: 'delete', entryId: e.id })}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function EntryRow(props: { entry: TimeEntry; busy: boolean; onDelete: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const e = props.entry;
  return (
    <tr>
      <td>{format.date(e.day)}</td>
      <td>{e.staffName || t('clinics.formerStaff')}</td>
      <td>
        {e.startedAt ? t('clinics.timeLog.running') : t('clinics.timeLog.minutesValue', { count: e.minutes })}
        {e.interactive && ` · ${t('clinics.timeLog.interactiveShort')}`}
      </td>
      <td>{e.note}</td>
      <td>
        {e.mine && !e.startedAt && (
          <button
            type="button"
            className="link-button"
            disabled={props.busy}
            aria-label={t('clinics.timeLog.deleteNamed', { day: format.date(e.day), count: e.minutes })}
            onClick={props.onDelete}
          >
            {t('clinics.timeLog.delete')}
          </button>
        )}
      </td>
    </tr>
  );
}
