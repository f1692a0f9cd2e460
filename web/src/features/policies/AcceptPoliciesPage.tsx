import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { FormError, Notice } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { PolicySummary } from './PolicySummary';
import { acceptPolicy, myPoliciesKey, useMyPolicies } from './queries';

/**
 * The acceptance gate: a major version is in force and this account has not accepted it yet. The user
 * reads it (and what changed), accepts, and goes on; or, not agreeing, leaves through the privacy
 * center (export, delete the account), which stays open.
 */
export function AcceptPoliciesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useTitle(t('policies.gate.title'));
  const status = useMyPolicies();
  const owed = (status.data?.documents ?? []).flatMap((d) =>
    d.acceptanceRequired ? [d.acceptanceRequired] : [],
  );
  const accept = useMutation({
    mutationFn: async () => {
      let last: Awaited<ReturnType<typeof acceptPolicy>> | undefined;
      for (const v of owed) last = await acceptPolicy(v.document, v.version);
      return last;
    },
    onSuccess: async (result) => {
      await queryClient.cancelQueries({ queryKey: myPoliciesKey });
      if (result) queryClient.setQueryData(myPoliciesKey, result);
      // Everything the gate held is fetched again.
      await queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== 'me' || q.queryKey[1] !== 'policies',
      });
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && !from.startsWith('/policies') ? from : '/', { replace: true });
    },
  });
  return (
    <section className="card narrow" aria-labelledby="gate-title">
      <h1 id="gate-title">{t('policies.gate.title')}</h1>
      <FormError error={status.error} />
      {status.isSuccess && owed.length === 0 && (
        <Notice tone="success">
          {t('policies.gate.nothing')} <Link to="/">{t('policies.gate.continue')}</Link>
        </Notice>
      )}
      {owed.length > 0 && (
        <>
          <p>{t('policies.gate.intro')}</p>
          <ul>
            {owed.map((v) => (
              <li key={v.document}>
                <strong>
                  {t(`policies.documents.${v.document}`)} —{' '}
                  {t('policies.versionLabel', { version: v.version })}
                </strong>{' '}
                ({t('policies.version.inForceSince', { date: format.date(v.effectiveDate) })}):{' '}
                <PolicySummary version={v} />{' '}
                <Link to={`/policies/${v.document}/${v.version}`}>{t('policies.gate.read')}</Link>
              </li>
            ))}
          </ul>
          <FormError error={accept.error} />
          <button
            type="button"
            className="button primary"
            onClick={() => accept.mutate()}
            disabled={accept.isPending}
          >
            {t('policies.gate.accept')}
          </button>
          <p className="muted">
            {t('policies.gate.disagree')} <Link to="/privacy">{t('policies.gate.privacyCenter')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
