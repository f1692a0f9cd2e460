import { useTranslation } from 'react-i18next';
import { FormError, Notice } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { GuardianEnrolmentSection } from '../clinics/ClinicEnrolmentPage';
import { ConsentsSection } from '../privacy/ConsentsSection';
import { guardianConsents, useGuardianView } from './queries';

/**
 * For a parent, opened from their mail: the child's consents, given and withdrawn here until the child
 * reaches the age of digital consent, and a clinic's programme accepted for the child (its code typed). The link's token goes in a header, never back into a URL.
 */
export function GuardianPage() {
  const { t } = useTranslation();
  useTitle(t('guardian.title'));
  const format = useFormat();
  const token = useOneTimeToken();
  const source = guardianConsents(token);
  const view = useGuardianView(token);

  return (
    <>
      <section className="card">
        <h1>{t('guardian.title')}</h1>
        {!token && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
        <FormError error={view.error} />
        {view.data && (
          <p>
            {t('guardian.intro', { name: view.data.childDisplayName, until: format.date(view.data.until) })}
          </p>
        )}
      </section>
      {view.data && <ConsentsSection source={source} intro={t('guardian.consentsIntro')} />}
      {view.data && token && (
        <GuardianEnrolmentSection guardianToken={token} childName={view.data.childDisplayName} />
      )}
    </>
  );
}
