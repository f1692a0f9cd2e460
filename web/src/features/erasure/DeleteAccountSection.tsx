import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Field, FormError, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useSecondFactorStatus } from '../security/queries';
import { useRequestErasure } from './queries';

/**
 * "Delete my account" (P19): says plainly what happens at once, the 7-day cancel window and the 30-day
 * guarantee, then asks for the password and, when the account has a second factor, a code from it or
 * the passkey.
 */
export function DeleteAccountSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [currentPassword, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [understood, setUnderstood] = useState(false);
  const hasPasskey = (useSecondFactorStatus().data?.passkeys ?? 0) > 0;
  const erase = useRequestErasure({
    onSuccess: ({ purgeAfter }) => {
      // Leave the signed-in part of the app.
      navigate('/account-closed', { replace: true, state: { until: format.dateTime(purgeAfter) } });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (understood && currentPassword) erase.mutate({ currentPassword, code, withPasskey: false });
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
            onClick={() => erase.mutate({ currentPassword, code, withPasskey: true })}
          >
            {t('erasure.submitWithPasskey')}
          </button>
        )}
      </form>
    </section>
  );
}
