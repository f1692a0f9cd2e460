import { PASSWORD_MIN_LENGTH } from '@vitalbase/core/password-policy';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useForgotPassword, useResetPassword } from '../account/queries';
import { AskForNewLink, isExpiredLink } from '../../components/AskForNewLink';
import { Field, FormError, usePasswordFieldErrors, Notice, SubmitButton } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';

const PasswordStrengthMeter = lazy(() =>
  import('../../components/PasswordStrengthMeter').then((m) => ({ default: m.PasswordStrengthMeter })),
);

/** Opened from the emailed link; a new password ends every session of the account. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const passwordErrors = usePasswordFieldErrors();
  useTitle(t('resetPassword.title'));
  const token = useOneTimeToken();
  const [password, setPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const reset = useResetPassword();
  const forgot = useForgotPassword();
  function submit(e: FormEvent) {
    e.preventDefault();
    const short = password.length < PASSWORD_MIN_LENGTH;
    setTooShort(short);
    if (!short) reset.mutate({ token, password });
  }
  if (!token) {
    return (
      <section className="card">
        <h1>{t('resetPassword.title')}</h1>
        <Notice tone="warning">{t('common.linkIncomplete')}</Notice>
        <Link to="/forgot-password">{t('forgotPassword.link')}</Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t('resetPassword.title')}</h1>
      {reset.isSuccess ? (
        <>
          <Notice tone="success">{t('resetPassword.done')}</Notice>
          <Link className="button primary" to="/sign-in">
            {t('signIn.title')}
          </Link>
        </>
      ) : isExpiredLink(reset.error) ? (
        // The link is spent: the page asks for a new one instead of a password it cannot save.
        <>
          <FormError error={reset.error} />
          <AskForNewLink send={forgot} />
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormError error={reset.error} />
          <Field
            label={t('fields.newPassword')}
            hint={t('password.rule', { min: PASSWORD_MIN_LENGTH })}
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={
              tooShort
                ? t('signUp.errors.password', { min: PASSWORD_MIN_LENGTH })
                : passwordErrors(reset.error, 'password').password
            }
            required
          >
            <Suspense fallback={null}>
              <PasswordStrengthMeter password={password} userInputs={[]} />
            </Suspense>
          </Field>
          <SubmitButton busy={reset.isPending}>{t('resetPassword.submit')}</SubmitButton>
        </form>
      )}
    </section>
  );
}
