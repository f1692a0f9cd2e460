import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/**
 * The privacy policy and terms in force, from every footer: readable by anyone, signed in or not;
 * signed in, also every version and what the user accepted (`withHistory`).
 */
export function PolicyLinks({ withHistory = false }: { withHistory?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="footer-links">
      <Link to="/privacy-policy">{t('policies.documents.privacy')}</Link>
      <Link to="/terms">{t('policies.documents.terms')}</Link>
      {withHistory && <Link to="/policies">{t('policies.title')}</Link>}
    </span>
  );
}
