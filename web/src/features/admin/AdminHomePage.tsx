import type { AdminMe } from '@vitalbase/core/staff';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router-dom';
import { useTitle } from '../../components/use-title';

/** The console's first page: who is signed in, with which roles. */
export function AdminHomePage() {
  const { t } = useTranslation();
  useTitle(t('admin.title'));
  const me = useOutletContext<AdminMe>();
  return (
    <section className="card">
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.signedInAs', { name: me.displayName })}</p>
      <p>
        {t('admin.yourRoles')} {me.roles.map((role) => t(`admin.roles.${role}`)).join(', ')}
      </p>
    </section>
  );
}
