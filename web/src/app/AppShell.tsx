import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useMe, useSignOut } from '../api/queries';
import { hasSecondFactor } from '../api/types';
import { FormError } from '../components/forms';
import { PolicyNotices } from '../features/policies/PolicyNotices';
import { CookieSettingsLink } from '../features/privacy/CookieBanner';
import { languages, setLanguage } from '../i18n';

/** The signed-in area: navigation, sign out, and what the account still needs (second factor, consent). */
export function AppShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const signOut = useSignOut({ onSignedOut: () => navigate('/sign-in', { replace: true }) });

  // The profile's language wins once signed in, on every browser the user signs in from.
  const locale = me?.locale;
  useEffect(() => {
    if (locale && languages.some((l) => l.code === locale)) void setLanguage(locale);
  }, [locale]);

  if (!me) return null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Vitalbase
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/timeline">{t('nav.timeline')}</NavLink>
            </li>
            <li>
              <NavLink to="/devices">{t('nav.devices')}</NavLink>
            </li>
            <li>
              <NavLink to="/goals">{t('nav.goals')}</NavLink>
            </li>
            <li>
              <NavLink to="/settings/units">{t('nav.units')}</NavLink>
            </li>
            <li>
              <NavLink to="/account">{t('nav.account')}</NavLink>
            </li>
            <li>
              <NavLink to="/security">{t('nav.security')}</NavLink>
            </li>
            <li>
              <NavLink to="/privacy">{t('nav.privacy')}</NavLink>
            </li>
            <li>
              <NavLink to="/developer/apps">{t('developer.nav')}</NavLink>
            </li>
          </ul>
        </nav>
        <div className="user-menu">
          <span className="user-name">{me.displayName}</span>
          <button
            type="button"
            className="button"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      {(!hasSecondFactor(me) || me.state === 'pending_parental_consent' || signOut.error) && (
        <div className="banners">
          <FormError error={signOut.error} />
          {me.state === 'pending_parental_consent' && (
            <div className="alert alert-warning" role="status">
              {t('shell.parentalConsentPending')}
            </div>
          )}
          {!hasSecondFactor(me) && (
            <div className="alert alert-info banner-second-factor" role="status">
              <span>{t('shell.secondFactorRecommended')}</span>{' '}
              <Link to="/security#second-factor">{t('shell.turnOnSecondFactor')}</Link>
            </div>
          )}
        </div>
      )}
      <PolicyNotices />
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>{t('common.footer')}</p>
        <CookieSettingsLink />
        <Link to="/policies">{t('policies.title')}</Link>
      </footer>
    </>
  );
}
