import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useMe, useSignOut } from '../api/queries';
import { hasSecondFactor } from '../api/types';
import { FormError } from '../components/forms';
import { PolicyLinks } from '../features/policies/PolicyLinks';
import { PolicyNotices } from '../features/policies/PolicyNotices';
import { CookieSettingsLink } from '../features/privacy/CookieBanner';
import { SecondFactorNudge } from '../features/security/SecondFactorNudge';
import { useAccountLanguage } from '../i18n/account-language';
import { ConnectionBanner } from './ConnectionBanner';
import { prefetchPagesWhenIdle } from './page-prefetch';
import { WrongAddressBanner } from './WrongAddressBanner';
import { useMyStaffRoles } from '../features/admin/queries';
import { MaintenanceBanner } from '../features/lifecycle/MaintenanceBanner';
import { SuspendedPage } from '../features/lifecycle/SuspendedPage';

/** The signed-in area: navigation, sign out, and what the account still needs (second factor, consent). */
export function AppShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  // The console's link, for staff only: the server answers each user their own roles (none for most).
  const staffRoles = useMyStaffRoles(Boolean(me));
  const navigate = useNavigate();
  const signOut = useSignOut({ onSignedOut: () => navigate('/sign-in', { replace: true }) });
  // On a phone the navigation folds behind one button; it folds again once a page is chosen.
  const menuId = useId();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes the menu on each navigation
  useEffect(() => setMenuOpen(false), [pathname]);

  // Every page's code, fetched while idle: a page opened while the server is away still opens.
  useEffect(() => prefetchPagesWhenIdle(), []);

  useAccountLanguage(me?.locale);

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
        <button
          type="button"
          className="button menu-button"
          aria-expanded={menuOpen}
          aria-controls={menuId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('nav.menu')}
        </button>
        <div className="topbar-menu" id={menuId} data-open={menuOpen}>
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
                <NavLink to="/support">{t('nav.support')}</NavLink>
              </li>
              <li>
                <NavLink to="/developer/apps">{t('developer.nav')}</NavLink>
              </li>
              {(staffRoles.data?.roles.length ?? 0) > 0 && (
                <li>
                  <NavLink to="/admin">{t('nav.admin')}</NavLink>
                </li>
              )}
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
        </div>
      </header>
      <ConnectionBanner />
      <WrongAddressBanner />
      <MaintenanceBanner />
      {(!hasSecondFactor(me) || me.state === 'pending_parental_consent' || signOut.error) && (
        <div className="banners">
          <FormError error={signOut.error} />
          {me.state === 'pending_parental_consent' && (
            <div className="alert alert-warning" role="status">
              {t('shell.parentalConsentPending')}
            </div>
          )}
          {!hasSecondFactor(me) && <SecondFactorNudge />}
        </div>
      )}
      <PolicyNotices />
      <main id="main" className="content" tabIndex={-1}>
        {/* A suspended account answers and exports, nothing else (docs/lifecycle.md). */}
        {me.state === 'suspended' && !/^\/(support|privacy\/exports)(\/|$)/.test(pathname) ? (
          <SuspendedPage />
        ) : (
          <Outlet />
        )}
      </main>
      <footer className="footer">
        <p>{t('common.footer')}</p>
        <CookieSettingsLink />
        <PolicyLinks withHistory />
      </footer>
    </>
  );
}
