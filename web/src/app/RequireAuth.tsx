import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { useMe } from '../api/queries';
import { FormError } from '../components/forms';

/** Signed-out visitors go to sign in, and come back to the page they asked for afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me, isPending, error } = useMe();
  if (isPending) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (error) {
    return (
      <main id="main" className="narrow">
        <FormError error={error} />
      </main>
    );
  }
  if (!me) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}
