import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import { PolicySummary } from './PolicySummary';
import { useMyPolicies } from './queries';

/** Pages that stay open while a new version waits for acceptance: reading it, and the privacy center. */
const openDuringGate = (path: string) => path.startsWith('/policies') || path.startsWith('/privacy');

/**
 * The announcement banner of a major change not yet in force, and the gate once it is: an account that
 * owes an acceptance is taken to the acceptance page (the API holds data routes meanwhile, answering
 * 403 policy_acceptance_required).
 */
export function PolicyNotices() {
  const { t } = useTranslation();
  const format = useFormat();
  const location = useLocation();
  const navigate = useNavigate();
  const { data } = useMyPolicies();
  const owed = data?.documents.some((d) => d.acceptanceRequired) ?? false;

  useEffect(() => {
    if (owed && !openDuringGate(location.pathname)) {
      navigate('/policies/accept', { replace: true, state: { from: location.pathname } });
    }
  }, [owed, location.pathname, navigate]);

  const announced = (data?.documents ?? []).flatMap((d) =>
    d.upcoming.filter((v) => v.major && !v.accepted).map((v) => ({ ...v })),
  );
  if (owed || announced.length === 0) return null;
  return (
    <div className="banners">
      {announced.map((v) => (
        <div key={`${v.document}-${v.version}`} className="alert alert-info policy-banner" role="status">
          <span>
            {t(`policies.banner.${v.document}`, { date: format.date(v.effectiveDate) })}{' '}
            <PolicySummary version={v} />
          </span>{' '}
          <Link to={`/policies/${v.document}/${v.version}`}>{t('policies.banner.read')}</Link>
        </div>
      ))}
    </div>
  );
}
