import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useMySuspension } from './queries';
import { when } from './when';

/**
 * What a suspended account sees after signing in (P22): why, until when it may answer, and the two
 * things it may do — answer with a support request, download its data (docs/lifecycle.md).
 */
export function SuspendedPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('lifecycle.suspended.title'));
  const suspension = useMySuspension(true);
  const s = suspension.data;
  return (
    <section className="card">
      <h1>{t('lifecycle.suspended.title')}</h1>
      <FormError error={suspension.error} />
      {s?.suspended && (
        <>
          <p>{t('lifecycle.suspended.intro')}</p>
          <blockquote>{s.reason}</blockquote>
          <p>{t('lifecycle.suspended.deadline', { date: when(s.rectifyBy, i18n.language) })}</p>
          <div className="actions">
            <Link className="button primary" to="/support">
              {t('lifecycle.suspended.answer')}
            </Link>
            <Link className="button" to="/privacy/exports">
              {t('lifecycle.suspended.export')}
            </Link>
          </div>
        </>
      )}
    </section>
  );
}
