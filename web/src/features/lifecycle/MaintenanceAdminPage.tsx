import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useCancelWindow, useMaintenanceWindows, useScheduleWindow } from './queries';
import { when } from './when';

/** datetime-local (the officer's local time) → an ISO instant. */
const instant = (local: string) => new Date(local).toISOString();

/** Maintenance windows (operator admin, P23): schedule one with its messages, cancel or end one. */
export function MaintenanceAdminPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('lifecycle.admin.maintenance'));
  const windows = useMaintenanceWindows();
  const schedule = useScheduleWindow();
  const cancel = useCancelWindow();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    schedule.mutate(
      {
        startsAt: instant(v.startsAt ?? ''),
        endsAt: instant(v.endsAt ?? ''),
        messageEn: v.messageEn ?? '',
        messageFr: v.messageFr ?? '',
        ...(v.noticeDays ? { noticeDays: Number(v.noticeDays) } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card">
      <h1>{t('lifecycle.admin.maintenance')}</h1>
      <FormError error={windows.error ?? cancel.error} />
      {windows.data?.windows.length === 0 && <p>{t('lifecycle.admin.noWindows')}</p>}
      <ul className="item-list">
        {windows.data?.windows.map((w) => (
          <li key={w.id} className="item">
            <strong>
              {when(w.startsAt, i18n.language)} → {when(w.endsAt, i18n.language)}
            </strong>{' '}
            {w.active && <span className="tag">{t('lifecycle.admin.running')}</span>}
            {w.cancelledAt && <span className="tag">{t('lifecycle.admin.cancelled')}</span>}
            <p>{i18n.language.startsWith('fr') ? w.messageFr : w.messageEn}</p>
            {!w.cancelledAt && (
              <button
                type="button"
                className="button"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate(w.id)}
              >
                {t(w.active ? 'lifecycle.admin.endNow' : 'lifecycle.admin.cancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <h2>{t('lifecycle.admin.schedule')}</h2>
      <form onSubmit={onSubmit}>
        <Field name="startsAt" type="datetime-local" label={t('lifecycle.admin.startsAt')} required />
        <Field name="endsAt" type="datetime-local" label={t('lifecycle.admin.endsAt')} required />
        <Field name="messageEn" label={t('lifecycle.admin.messageEn')} required maxLength={500} />
        <Field name="messageFr" label={t('lifecycle.admin.messageFr')} required maxLength={500} />
        <Field
          name="noticeDays"
          type="number"
          min={0}
          max={60}
          label={t('lifecycle.admin.noticeDays')}
          hint={t('lifecycle.admin.noticeDaysHint')}
        />
        <FormError error={schedule.error} />
        <SubmitButton busy={schedule.isPending}>{t('lifecycle.admin.scheduleButton')}</SubmitButton>
      </form>
    </section>
  );
}
