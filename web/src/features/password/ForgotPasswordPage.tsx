import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useForgotPassword } from '../account/queries';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';

/** Same answer whether or not the address has an account: nothing is revealed about who is a user. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('forgotPassword.title'));
  const request = useForgotPassword();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    request.mutate(formValues(e.currentTarget).email?.trim() ?? '');
  }
  return (
    <section className="card">
      <h1>{t('forgotPassword.title')}</h1>
      {request.isSuccess ? (
        <Notice tone="success">{t('forgotPassword.sent')}</Notice>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('forgotPassword.intro')}</p>
          <FormError error={request.error} />
          <Field
            label={t('fields.email')}
            name="email"
            type="email"
            autoComplete="email"
            error={fieldErrorsOf(request.error).email}
            required
          />
          <SubmitButton busy={request.isPending}>{t('forgotPassword.submit')}</SubmitButton>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t('signIn.title')}</Link>
      </p>
    </section>
  );
}
