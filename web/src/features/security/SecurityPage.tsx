import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useTitle } from '../../components/use-title';
import { AccessTokensSection } from './AccessTokensSection';
import { PasskeysSection } from './PasskeysSection';
import { SecurityEventsSection } from './SecurityEventsSection';
import { SessionsSection } from './SessionsSection';
import { TotpSection } from './TotpSection';

export function SecurityPage() {
  const { t } = useTranslation();
  useTitle(t('security.title'));
  // The banner links to #second-factor: client-side navigation does not scroll to it by itself.
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);
  return (
    <>
      <h1>{t('security.title')}</h1>
      <SessionsSection />
      <TotpSection />
      <PasskeysSection />
      <AccessTokensSection />
      <SecurityEventsSection />
    </>
  );
}
