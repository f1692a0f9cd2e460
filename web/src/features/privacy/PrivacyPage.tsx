import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { DeleteAccountSection } from '../erasure/DeleteAccountSection';
import { DownloadMyDataSection } from '../export/DownloadMyDataSection';
import { ClinicSharingSection } from '../clinics/ClinicSharingSection';
import { ProcessorsSection } from '../lifecycle/ProcessorsSection';
import { ConnectedAppsSection } from '../oauth/ConnectedAppsSection';
import { PrivacyRequestsSection } from '../privacy-requests/PrivacyRequestsSection';
import { SupportPrivacySection } from '../support/SupportPrivacySection';
import { AccessLogSection } from './AccessLogSection';
import { ConsentHistorySection } from './ConsentHistorySection';
import { ConsentsSection } from './ConsentsSection';
import { openCookieSettings } from './cookie-choice';
import { usePrivacyInfo } from './queries';

/** The privacy center: consents, their history, who accessed my data, where data lives, cookies. */
export function PrivacyPage() {
  const { t } = useTranslation();
  useTitle(t('privacy.title'));
  return (
    <>
      <h1>{t('privacy.title')}</h1>
      <ConsentsSection />
      <ConsentHistorySection />
      <ConnectedAppsSection />
      <ClinicSharingSection />
      <AccessLogSection />
      <SupportPrivacySection />
      <PrivacyRequestsSection />
      <DownloadMyDataSection compact />
      <section className="card" aria-labelledby="bring-data-title">
        <h2 id="bring-data-title">{t('imports.title')}</h2>
        <p>{t('imports.teaser')}</p>
        <Link className="button" to="/privacy/import">
          {t('imports.open')}
        </Link>
      </section>
      <DataRegionSection />
      <ProcessorsSection />
      <section className="card" aria-labelledby="cookies-title">
        <h2 id="cookies-title">{t('privacy.cookies.title')}</h2>
        <p>{t('privacy.cookies.noneToday')}</p>
        <button type="button" className="button" onClick={openCookieSettings}>
          {t('privacy.cookies.change')}
        </button>
      </section>
      <DeleteAccountSection />
    </>
  );
}

function DataRegionSection() {
  const { t } = useTranslation();
  const info = usePrivacyInfo();
  return (
    <section className="card" aria-labelledby="data-region-title">
      <h2 id="data-region-title">{t('privacy.region.title')}</h2>
      <FormError error={info.error} />
      {info.data && (
        <dl>
          <dt>{t('privacy.region.where')}</dt>
          <dd data-testid="data-region">{info.data.dataRegion}</dd>
          <dt>{t('privacy.region.policy')}</dt>
          <dd>{info.data.policyVersion}</dd>
          {info.data.operatorContact && (
            <>
              <dt>{t('privacy.region.contact')}</dt>
              <dd>{info.data.operatorContact}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
