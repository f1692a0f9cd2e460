import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useResendVerification, useVerifyEmail } from '../account/queries';
import { AskForNewLink, isExpiredLink } from '../../components/AskForNewLink';
import { FormError, Notice } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';

/** Opened from the mail: posts the token once (a query, so a re-render never posts it twice). */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  useTitle(t('verifyEmail.title'));
  const token = useOneTimeToken();
  const verify = useVerifyEmail(token);
  const resend = useResendVerification();
  return (
    <section className="card">
      <h1>{t('verifyEmail.title')}</h1>
      {!token && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
      {verify.isPending && token && <p role="status">{t('verifyEmail.checking')}</p>}
      {verify.isSuccess && (
        <>
          <Notice tone="success">{t('verifyEmail.done')}</Notice>
          <p>
            <Link className="button primary" to="/sign-in">
              {t('signIn.title')}
            </Link>
          </p>
        </>
      )}
      {verify.error && (
        <>
          <FormError error={verify.error} />
          {isExpiredLink(verify.error) && <AskForNewLink send={resend} />}
          <p>
            <Link to="/sign-in">{t('signIn.title')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
