import type { Clinic } from '@vitalbase/core/clinics';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, Notice, SubmitButton, formValues } from '../../components/forms';
import { useClinicWebhook, useUpdateClinic } from './queries';

/**
 * The clinic's escalation settings (issue #15, clinic_admin): how long an urgent alert may wait
 * unacknowledged, and the webhook of the clinic's own systems (its secret shown once, when made).
 */
export function ClinicEscalationSettings({ clinic }: { clinic: Clinic }) {
  const { t } = useTranslation();
  const update = useUpdateClinic(clinic.id);
  const webhook = useClinicWebhook(clinic.id);
  const [rotate, setRotate] = useState(false);
  return (
    <section className="card" aria-labelledby="escalation-title">
      <h2 id="escalation-title">{t('clinics.escalation.title')}</h2>
      <form
        aria-label={t('clinics.escalation.minutesTitle')}
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          update.mutate({ escalationMinutes: Number(formValues(e.currentTarget).minutes) });
        }}
      >
        <Field
          label={t('clinics.escalation.minutes')}
          hint={t('clinics.escalation.minutesHint')}
          name="minutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          defaultValue={clinic.escalationMinutes}
          required
        />
        <FormError error={update.error} />
        {update.isSuccess && <Notice tone="success">{t('clinics.escalation.saved')}</Notice>}
        <SubmitButton busy={update.isPending}>{t('clinics.escalation.save')}</SubmitButton>
      </form>
      <h3>{t('clinics.escalation.webhookTitle')}</h3>
      <p className="muted">{t('clinics.escalation.webhookHint')}</p>
      <form
        aria-label={t('clinics.escalation.webhookTitle')}
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          webhook.mutate({ url: formValues(e.currentTarget).url ?? '', rotateSecret: rotate });
        }}
      >
        <Field
          label={t('clinics.escalation.url')}
          name="url"
          type="url"
          maxLength={255}
          defaultValue={clinic.webhookUrl ?? ''}
          placeholder="https://"
          required
        />
        {clinic.webhookUrl && (
          <label className="checkbox">
            <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.target.checked)} />{' '}
            {t('clinics.escalation.rotate')}
          </label>
        )}
        <FormError error={webhook.error} />
        {webhook.data?.secret && (
          <Notice tone="success">
            {t('clinics.escalation.secret')} <code className="secret">{webhook.data.secret}</code>
          </Notice>
        )}
        <p>
          <SubmitButton busy={webhook.isPending}>{t('clinics.escalation.saveWebhook')}</SubmitButton>{' '}
          {clinic.webhookUrl && (
            <button
              type="button"
              className="button danger"
              disabled={webhook.isPending}
              onClick={() => webhook.mutate(null)}
            >
              {t('clinics.escalation.remove')}
            </button>
          )}
        </p>
      </form>
    </section>
  );
}
