import { PASSWORD_MIN_LENGTH } from '@vitalbase/core/password-policy';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, usePasswordFieldErrors, Notice, SubmitButton } from '../../components/forms';
import { useChangePassword } from './queries';

const PasswordStrengthMeter = lazy(() =>
  import('../../components/PasswordStrengthMeter').then((m) => ({ default: m.PasswordStrengthMeter })),
);

/** Asks for the current password; the server then ends the account's other sessions and sends an alert. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const passwordErrors = usePasswordFieldErrors();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useChangePassword({
    onSuccess: () => {
      setCurrent('');
      setNew('');
    },
  });
  const [tooShort, setTooShort] = useState(false);
  function submit(e: FormEvent) {
    e.preventDefault();
    const short = newPassword.length < PASSWORD_MIN_LENGTH;
    setTooShort(short);
    if (!short) change.mutate({ currentPassword, newPassword });
  }
  const errors = passwordErrors(change.error, 'newPassword');
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.changePassword')}</h2>
      <form onSubmit={submit} noValidate>
        {change.isSuccess && <Notice tone="success">{t('account.passwordChanged')}</Notice>}
        <FormError error={change.error} />
        <Field
          label={t('fields.currentPassword')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.currentPassword}
          required
        />
        <Field
          label={t('fields.newPassword')}
          hint={t('password.rule', { min: PASSWORD_MIN_LENGTH })}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={tooShort ? t('signUp.errors.password', { min: PASSWORD_MIN_LENGTH }) : errors.newPassword}
          required
        >
          <Suspense fallback={null}>
            <PasswordStrengthMeter password={newPassword} userInputs={[]} />
          </Suspense>
        </Field>
        <SubmitButton busy={change.isPending}>{t('account.changePassword')}</SubmitButton>
      </form>
    </section>
  );
}
