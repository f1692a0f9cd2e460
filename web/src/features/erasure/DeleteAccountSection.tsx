import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, forgetCsrfToken } from '../../api/client';
import { Field, FormError, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useSecondFactorStatus } from '../security/queries';

/**
 * "Delete my account" (P19): says plainly what happens at once, the 7-day cancel window and the 30-day
 * guarantee, then asks for the password and, when the account has a second factor, a code from it or
 * the passkey.
 */
export function DeleteAccountSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [currentPassword, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [understood, setUnderstood] = useState(false);
  const hasPasskey = (useSecondFactorStatus().data?.passkeys ?? 0) > 0;
  const erase = useMutation({
    mutationFn: async (withPasskey: boolean) => {
      let proof: Record<string, unknown> = code.trim() ? { secondFactorCode: code.trim() } : {};
      if (withPasskey) {
        // The passkey is proven again for this action (step-up), as at sign-in.
        const { startAuthentication } = await import('@simplewebauthn/browser');
        const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
          'POST',
          '/api/me/second-factor/passkey/options',
        );
        proof = { passkey: await startAuthentication({ optionsJSON }) };
      }
      return api<{ purgeAfter: string }>('POST', '/api/me/erasure', { currentPassword, ...proof });
    },
    onSuccess: ({ purgeAfter }) => {
      // The session is gone with the account: leave the signed-in part of the app.
      const until = format.dateTime(purgeAfter);
      forgetCsrfToken();
      queryClient.clear();
      navigate('/account-closed', { replace: true, state: { until } });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (understood && currentPassword) erase.mutate(false);
  }
  return (
    <section className="card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('erasure.title')}</h2>
      <p>{t('erasure.intro')}</p>
      <ul>
        <li>{t('erasure.atOnce')}</li>
        <li>{t('erasure.window')}</li>
        <li>{t('erasure.guarantee')}</li>
      </ul>
      <form onSubmit={submit} noValidate>
        <FormError error={erase.error} />
        <Field
          label={t('fields.currentPassword')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <Field
          label={t('erasure.secondFactorCode')}
          hint={t('erasure.secondFactorHint')}
          name="secondFactorCode"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />{' '}
          {t('erasure.confirm')}
        </label>
        <SubmitButton busy={erase.isPending}>{t('erasure.submit')}</SubmitButton>
        {hasPasskey && (
          <button
            type="button"
            className="button"
            disabled={erase.isPending || !understood || !currentPassword}
            onClick={() => erase.mutate(true)}
          >
            {t('erasure.submitWithPasskey')}
          </button>
        )}
      </form>
    </section>
  );
}
