import { staffMay } from '@vitalbase/core/staff';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { FormError } from '../../components/forms';
import { SessionStepUp, stepUpMethods } from '../security/SessionStepUp';
import { useAdminMe } from './queries';
import { adminSections } from './sections';

/**
 * The console under /admin: a nav of the areas the staff member's roles open (sections.ts) beside
 * the page. Without a staff role, or without a second factor, the server's refusal is shown instead.
 */
export function AdminLayout() {
  const { t } = useTranslation();
  const me = useAdminMe();
  if (me.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (me.isError && stepUpMethods(me.error)) return <SessionStepUp error={me.error} />;
  if (me.isError) {
    const needsSecondFactor =
      me.error instanceof ApiError && me.error.code === 'staff_second_factor_required';
    return (
      <section className="card">
        <h1>{t('admin.title')}</h1>
        <FormError error={me.error} />
        {needsSecondFactor && (
          <p>
            <Link to="/security">{t('admin.toSecurity')}</Link>
          </p>
        )}
      </section>
    );
  }
  const visible = adminSections.filter((s) => staffMay(me.data.roles, s.roles));
  return (
    <div className="admin-layout">
      <nav aria-label={t('admin.navLabel')} className="admin-nav">
        <ul className="plain-list">
          <li>
            <NavLink to="/admin" end>
              {t('admin.overview')}
            </NavLink>
          </li>
          {visible.map((s) => (
            <li key={s.path}>
              <NavLink to={`/admin/${s.path}`}>{t(s.titleKey)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-page">
        <Outlet context={me.data} />
      </div>
    </div>
  );
}
