import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import { useChangeEmail } from './queries';

/** The new address must be confirmed from its own mailbox; the old one is told of the change. */
export function ChangeEmailForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const change = useChangeEmail();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    change.mutate({ currentPassword: v.currentPassword ?? '', newEmail: v.newEmail?.trim() ?? '' });
  }
  const errors = fieldErrorsOf(change.error);
  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">{t('account.changeEmail')}</h2>
      <p>{t('account.currentEmail', { email: me.email })}</p>
      {change.isSuccess ? (
        <Notice tone="success">{t('account.emailChangeSent', { email: change.variables.newEmail })}</Notice>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormError error={change.error} />
          <Field
            label={t('fields.newEmail')}
            name="newEmail"
            type="email"
            autoComplete="email"
            error={errors.newEmail}
            required
          />
          <Field
            label={t('fields.currentPassword')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            error={errors.currentPassword}
            required
          />
          <SubmitButton busy={change.isPending}>{t('account.changeEmail')}</SubmitButton>
        </form>
      )}
    </section>
  );
}
