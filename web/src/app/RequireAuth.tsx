import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useMe } from '../api/queries';
import { FormError } from '../components/forms';
import { ConnectionBanner } from './ConnectionBanner';
import { isTransient } from './query-client';

/** Signed-out visitors go to sign in, and come back to the page they asked for afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me, isPending, error } = useMe();
  // A signed-in user keeps the app (and its navigation) when a later check of the session fails: the
  // server may be away for a moment, which the connection banner says.
  if (me) return children;
  if (isPending) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (error) {
    // Nobody knows yet who is signed in: the page says why it cannot open and retries on its own.
    return (
      <>
        <header className="topbar">
          <Link to="/" className="brand">
            Vitalbase
          </Link>
        </header>
        <ConnectionBanner />
        <main id="main" className="narrow">
          {isTransient(error) ? (
            <p className="loading">{t('common.loading')}</p>
          ) : (
            <FormError error={error} />
          )}
        </main>
      </>
    );
  }
  return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
}
