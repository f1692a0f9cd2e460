import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { PolicyLinks } from '../features/policies/PolicyLinks';
import { CookieSettingsLink } from '../features/privacy/CookieBanner';
import { ConnectionBanner } from './ConnectionBanner';
import { WrongAddressBanner } from './WrongAddressBanner';
import { LanguageMenu } from './LanguageMenu';

/** Pages for visitors: sign up, sign in, and the pages emailed links open. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Vitalbase
        </Link>
        <LanguageMenu />
      </header>
      <ConnectionBanner />
      <WrongAddressBanner />
      <main id="main" className="narrow" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>{t('common.footer')}</p>
        <CookieSettingsLink />
        <PolicyLinks />
      </footer>
    </>
  );
}
