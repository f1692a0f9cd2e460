import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { useTitle } from '../../components/use-title';

/** A placeholder dashboard until devices and readings exist: it tells a newcomer what comes next. */
export function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  useTitle(t('home.title'));
  return (
    <>
      <h1>{t('home.welcome', { name: me?.displayName ?? '' })}</h1>
      <section className="card empty-state" aria-labelledby="home-empty">
        <h2 id="home-empty">{t('home.emptyTitle')}</h2>
        <p>{t('home.emptyBody')}</p>
        <ol>
          <li>
            {t('home.stepSecure')} <Link to="/security">{t('nav.security')}</Link>
          </li>
          <li>{t('home.stepDevice')}</li>
          <li>{t('home.stepData')}</li>
        </ol>
      </section>
    </>
  );
}
