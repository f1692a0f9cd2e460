import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** In the privacy center: where support's asks and the user's grants are answered and withdrawn (P11). */
export function SupportPrivacySection() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="support-privacy-title">
      <h2 id="support-privacy-title">{t('support.privacy.title')}</h2>
      <p>{t('support.privacy.text')}</p>
      <Link to="/support">{t('support.privacy.link')}</Link>
    </section>
  );
}
