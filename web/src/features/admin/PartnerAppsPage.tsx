import type { AdminPartnerApp } from '@vitalbase/core/staff';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import {
  useDisablePartnerApp,
  useEnablePartnerApp,
  usePartnerApps,
  useRegisterPartnerApp,
  useRemovePartnerApp,
} from './queries';

/** Partner apps (operator admin): the catalog, registering an app the operator vouches for, removing one. */
export function PartnerAppsPage() {
  const { t } = useTranslation();
  useTitle(t('admin.partnerApps.title'));
  const apps = usePartnerApps();
  const register = useRegisterPartnerApp();
  const remove = useRemovePartnerApp();
  const split = (text: string | undefined) => (text ?? '').split(/[\s,]+/).filter(Boolean);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    register.mutate(
      {
        name: v.name ?? '',
        redirectUris: split(v.redirectUris),
        scopes: split(v.scopes),
        public: v.public === 'on',
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card">
      <h1>{t('admin.partnerApps.title')}</h1>
      <FormError error={apps.error ?? remove.error} />
      {apps.isSuccess && apps.data.apps.length === 0 && (
        <p className="muted">{t('admin.partnerApps.none')}</p>
      )}
      <ul className="staff-list">
        {apps.data?.apps.map((a) => (
          <li key={a.clientId}>
            <strong>{a.name}</strong> · <code>{a.clientId}</code> ·{' '}
            {a.byOperator ? t('admin.partnerApps.byOperator') : t('admin.partnerApps.byDeveloper')}
            <div className="muted">{a.scopes.join(', ')}</div>
            <DisableControls app={a} />
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={remove.isPending}
                onClick={() => remove.mutate(a.clientId)}
                aria-label={t('admin.partnerApps.removeLabel', { name: a.name })}
              >
                {t('admin.partnerApps.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <h2>{t('admin.partnerApps.register')}</h2>
      <form onSubmit={onSubmit}>
        <Field name="name" label={t('admin.partnerApps.name')} required />
        <Field name="redirectUris" label={t('admin.partnerApps.redirectUris')} required />
        <Field
          name="scopes"
          label={t('admin.partnerApps.scopes')}
          hint={t('admin.partnerApps.scopesHint')}
          required
        />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="public" /> {t('admin.partnerApps.public')}
          </label>
        </div>
        <FormError error={register.error} />
        {register.data && (
          <div className="alert alert-success" role="status">
            <p>{t('admin.partnerApps.registered', { id: register.data.clientId })}</p>
            {register.data.clientSecret && (
              <p>
                {t('admin.partnerApps.secretOnce')} <code>{register.data.clientSecret}</code>
              </p>
            )}
          </div>
        )}
        <SubmitButton busy={register.isPending}>{t('admin.partnerApps.registerButton')}</SubmitButton>
      </form>
    </section>
  );
}

/**
 * Disable (kept, not removed: its tokens refused, its webhooks waiting, its users' connections kept)
 * with a reason its users read, or enable again.
 */
function DisableControls({ app }: { app: AdminPartnerApp }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const [asking, setAsking] = useState(false);
  const disable = useDisablePartnerApp();
  const enable = useEnablePartnerApp();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = formValues(e.currentTarget).reason ?? '';
    disable.mutate({ clientId: app.clientId, reason }, { onSuccess: () => setAsking(false) });
  };
  if (app.disabled) {
    return (
      <div>
        <p className="alert alert-warning">
          {t('admin.partnerApps.disabledSince', {
            date: dateTime(app.disabled.at),
            reason: app.disabled.reason,
          })}
        </p>
        <FormError error={enable.error} />
        <button
          type="button"
          className="button"
          disabled={enable.isPending}
          onClick={() => enable.mutate(app.clientId)}
        >
          {t('admin.partnerApps.enable')}
          <span className="visually-hidden"> ({app.name})</span>
        </button>
      </div>
    );
  }
  if (!asking) {
    return (
      <button
        type="button"
        className="button"
        onClick={() => setAsking(true)}
        aria-label={t('admin.partnerApps.disableLabel', { name: app.name })}
      >
        {t('admin.partnerApps.disable')}
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit}>
      <Field
        name="reason"
        label={t('admin.partnerApps.disableReason')}
        required
        minLength={3}
        maxLength={500}
      />
      <FormError error={disable.error} />
      <div className="actions">
        <SubmitButton busy={disable.isPending}>{t('admin.partnerApps.disableConfirm')}</SubmitButton>
        <button type="button" className="button" onClick={() => setAsking(false)}>
          {t('admin.partnerApps.cancel')}
        </button>
      </div>
    </form>
  );
}
