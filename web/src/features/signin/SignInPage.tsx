import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, forgetCsrfToken } from '../../api/client';
import { meKey, useMe } from '../../api/queries';
import type { SecondFactorMethod } from '../../api/types';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useLogin, useResendVerification } from '../account/queries';
import { safeReturnPath } from './return-path';
import { SecondFactorStep } from './SecondFactorStep';

export function SignInPage() {
  const { t } = useTranslation();
  useTitle(t('signIn.title'));
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Back to the page that sent the visitor here (RequireAuth's state, or ?next= from a link), this site only.
  const from =
    safeReturnPath((location.state as { from?: string } | null)?.from) ??
    safeReturnPath(new URLSearchParams(location.search).get('next')) ??
    '/';
  const [email, setEmail] = useState('');
  const [methods, setMethods] = useState<SecondFactorMethod[] | null>(null);
  const [linkSent, setLinkSent] = useState(false);

  const done = async () => {
    forgetCsrfToken();
    await queryClient.invalidateQueries({ queryKey: meKey });
    navigate(from, { replace: true });
  };

  const login = useLogin({
    onSuccess: async (answer) => {
      if (answer.status === 'second_factor_required') setMethods(answer.methods);
      else if (answer.status === 'email_link_sent') setLinkSent(true);
      else await done();
    },
  });
  const resend = useResendVerification(email);

  if (me && !login.isPending) return <Navigate to={from} replace />;
  if (methods) return <SecondFactorStep methods={methods} onDone={done} />;
  if (linkSent) {
    return (
      <section className="card">
        <h1>{t('signIn.title')}</h1>
        <Notice tone="warning">{t('signIn.linkSent')}</Notice>
      </section>
    );
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    setEmail(v.email?.trim() ?? '');
    login.mutate({ email: v.email?.trim() ?? '', password: v.password ?? '' });
  }
  const fieldErrors = fieldErrorsOf(login.error);
  const notVerified = login.error instanceof ApiError && login.error.code === 'email_not_verified';

  return (
    <section className="card">
      <h1>{t('signIn.title')}</h1>
      <form onSubmit={submit} noValidate>
        <FormError error={login.error} />
        {notVerified && (
          <p>
            <button
              type="button"
              className="button"
              onClick={() => resend.mutate()}
              disabled={resend.isPending}
            >
              {t('checkMail.resend')}
            </button>
          </p>
        )}
        {resend.isSuccess && <Notice tone="success">{t('checkMail.resent')}</Notice>}
        <Field
          label={t('fields.email')}
          name="email"
          type="email"
          autoComplete="username"
          error={fieldErrors.email}
          required
        />
        <Field
          label={t('fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          error={fieldErrors.password}
          required
        />
        <SubmitButton busy={login.isPending}>{t('signIn.submit')}</SubmitButton>
      </form>
      <p>
        <Link to="/forgot-password">{t('forgotPassword.link')}</Link>
      </p>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signUp.title')}</Link>
      </p>
    </section>
  );
}
