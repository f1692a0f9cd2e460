import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTitle } from '../../components/use-title';
import { DownloadMyDataSection } from './DownloadMyDataSection';

/** The page the "your data is ready" mail links to: every export, with its download. */
export function ExportsPage() {
  const { t } = useTranslation();
  useTitle(t('exports.title'));
  return (
    <>
      <p>
        <Link to="/privacy">{t('exports.back')}</Link>
      </p>
      <h1>{t('exports.title')}</h1>
      <DownloadMyDataSection />
    </>
  );
}
