import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useLift, useSuspend, useSuspensions } from './queries';
import { when } from './when';

/**
 * Suspensions (privacy officer, P22): suspend an account with the reason the user is mailed, lift a
 * running one. Closure after 15 days is the daily job's; a court order is the CLI's and the API's.
 */
export function SuspensionsAdminPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('lifecycle.admin.suspensions'));
  const list = useSuspensions();
  const suspend = useSuspend();
  const lift = useLift();
  const onSuspend = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    suspend.mutate({ user: v.user ?? '', reason: v.reason ?? '' }, { onSuccess: () => form.reset() });
  };
  return (
    <section className="card">
      <h1>{t('lifecycle.admin.suspensions')}</h1>
      <FormError error={list.error ?? lift.error} />
      {list.data?.suspensions.length === 0 && <p>{t('lifecycle.admin.noSuspensions')}</p>}
      <ul className="item-list">
        {list.data?.suspensions.map((s) => (
          <li key={s.id} className="item">
            <strong>{s.email ?? t('lifecycle.admin.erased')}</strong>{' '}
            <span className="tag">{t(`lifecycle.admin.state.${s.state}`)}</span>
            <p>{s.reason}</p>
            <p className="muted">
              {t('lifecycle.admin.since', { date: when(s.suspendedAt, i18n.language) })}
              {s.state === 'active' &&
                ` · ${t('lifecycle.admin.until', { date: when(s.rectifyBy, i18n.language) })}`}
              {s.legalCaseRef && ` · ${t('lifecycle.admin.case', { ref: s.legalCaseRef })}`}
            </p>
            {s.state === 'active' && (
              <button
                type="button"
                className="button"
                disabled={lift.isPending}
                onClick={() => lift.mutate({ id: s.id, reason: t('lifecycle.admin.liftReason') })}
              >
                {t('lifecycle.admin.lift')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <h2>{t('lifecycle.admin.suspend')}</h2>
      <form onSubmit={onSuspend}>
        <Field name="user" label={t('lifecycle.admin.user')} required autoComplete="off" />
        <Field
          name="reason"
          label={t('lifecycle.admin.reason')}
          hint={t('lifecycle.admin.reasonHint')}
          required
        />
        <FormError error={suspend.error} />
        <SubmitButton busy={suspend.isPending}>{t('lifecycle.admin.suspendButton')}</SubmitButton>
      </form>
    </section>
  );
}
