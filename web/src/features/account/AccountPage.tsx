import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { useTitle } from '../../components/use-title';
import { ChangeEmailForm } from './ChangeEmailForm';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ConsentsSection } from '../privacy/ConsentsSection';
import { ProfileForm } from './ProfileForm';

export function AccountPage() {
  const { t } = useTranslation();
  useTitle(t('account.title'));
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <>
      <h1>{t('account.title')}</h1>
      <ProfileForm me={me} />
      <ChangePasswordForm />
      <ChangeEmailForm me={me} />
      <ConsentsSection
        only={['marketing_email', 'marketing_in_app']}
        title={t('account.notifications.title')}
        intro={t('account.notifications.intro')}
      />
    </>
  );
}
