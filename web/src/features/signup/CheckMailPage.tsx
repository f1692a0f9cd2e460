import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useResendVerification } from '../account/queries';
import { FormError, Notice } from '../../components/forms';
import { useTitle } from '../../components/use-title';

/** After sign-up: the next step is in the mailbox. The same page whether or not the email was new. */
export function CheckMailPage() {
  const { t } = useTranslation();
  useTitle(t('checkMail.title'));
  const email = (useLocation().state as { email?: string } | null)?.email;
  const resend = useResendVerification(email);
  return (
    <section className="card">
      <h1>{t('checkMail.title')}</h1>
      <p>{email ? t('checkMail.bodyTo', { email }) : t('checkMail.body')}</p>
      <p>{t('checkMail.minorNote')}</p>
      {resend.isSuccess && <Notice tone="success">{t('checkMail.resent')}</Notice>}
      <FormError error={resend.error} />
      {email && (
        <button type="button" className="button" onClick={() => resend.mutate()} disabled={resend.isPending}>
          {t('checkMail.resend')}
        </button>
      )}
      <p>
        <Link to="/sign-in">{t('signIn.title')}</Link>
      </p>
    </section>
  );
}
