import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useConfirmEmailChange } from '../account/queries';
import { FormError, Notice } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';

/** Opened from the mail sent to the new address: confirming it makes it the account's email. */
export function ConfirmEmailChangePage() {
  const { t } = useTranslation();
  useTitle(t('confirmEmail.title'));
  const token = useOneTimeToken();
  const confirm = useConfirmEmailChange(token);
  return (
    <section className="card">
      <h1>{t('confirmEmail.title')}</h1>
      {!token && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
      {confirm.isPending && token && <p role="status">{t('verifyEmail.checking')}</p>}
      {confirm.isSuccess && <Notice tone="success">{t('confirmEmail.done')}</Notice>}
      <FormError error={confirm.error} />
      <p>
        <Link to="/account">{t('nav.account')}</Link>
      </p>
    </section>
  );
}
