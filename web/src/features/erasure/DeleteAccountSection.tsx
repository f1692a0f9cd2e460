import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import { StepUpForm } from '../security/StepUpForm';
import { useRequestErasure } from './queries';

/**
 * "Delete my account" (P19): says plainly what happens at once, the 7-day cancel window and the 30-day
 * guarantee, then asks to confirm it is you: the passkey alone (a passkey-only person types no
 * password), or the password and, when the account has a second factor, a code from it.
 */
export function DeleteAccountSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [understood, setUnderstood] = useState(false);
  const erase = useRequestErasure({
    onSuccess: ({ purgeAfter }) => {
      // Leave the signed-in part of the app.
      navigate('/account-closed', { replace: true, state: { until: format.dateTime(purgeAfter) } });
    },
  });
  return (
    <section className="card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('erasure.title')}</h2>
      <p>{t('erasure.intro')}</p>
      <ul>
        <li>{t('erasure.atOnce')}</li>
        <li>{t('erasure.window')}</li>
        <li>{t('erasure.guarantee')}</li>
      </ul>
      <StepUpForm
        title={t('erasure.confirmTitle')}
        submitLabel={t('erasure.submit')}
        passkeyLabel={t('erasure.submitWithPasskey')}
        busy={erase.isPending || !understood}
        error={erase.error}
        onSubmit={(input) => erase.mutate(input)}
      >
        <label>
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />{' '}
          {t('erasure.confirm')}
        </label>
      </StepUpForm>
    </section>
  );
}
