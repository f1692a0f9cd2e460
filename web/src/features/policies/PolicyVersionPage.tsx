import { useMutation, useQueryClient } from '@tanstack/react-query';
import { policyDocumentSchema, policyVersionSchema } from '@vitalbase/core/policies';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormError, Notice } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import {
  acceptPolicy,
  myPoliciesKey,
  policyAcceptancesKey,
  useMyPolicies,
  usePolicyVersion,
} from './queries';
import { PolicyDiff } from './PolicyDiff';

/** One version of a document: its text, what changed from the one before, and accepting it. */
export function PolicyVersionPage() {
  const { t, i18n } = useTranslation();
  const params = useParams();
  const document = policyDocumentSchema.safeParse(params.document);
  const version = policyVersionSchema.safeParse(params.version);
  const valid = document.success && version.success;
  const [tab, setTab] = useState<'text' | 'changes'>('text');
  const format = useFormat();
  const queryClient = useQueryClient();
  const detail = usePolicyVersion(params.document, params.version, valid);
  const mine = useMyPolicies();
  const accept = useMutation({
    mutationFn: () => acceptPolicy(document.data!, version.data!),
    onSuccess: async (status) => {
      await queryClient.cancelQueries({ queryKey: myPoliciesKey });
      queryClient.setQueryData(myPoliciesKey, status);
      await queryClient.invalidateQueries({ queryKey: policyAcceptancesKey });
    },
  });
  useTitle(detail.data ? t(`policies.documents.${detail.data.document}`) : t('policies.title'));
  if (!valid) return <FormError error={new Error('bad link')} />;
  const v = detail.data;
  const status = mine.data?.documents.find((d) => d.document === v?.document);
  const acceptable =
    v &&
    status &&
    (v.inForce || status.upcoming.some((u) => u.version === v.version)) &&
    !status.upcoming.some((u) => u.version === v.version && u.accepted) &&
    !(v.inForce && status.lastAccepted?.version === v.version);
  return (
    <>
      <p>
        <Link to="/policies">{t('policies.backToList')}</Link>
      </p>
      <FormError error={detail.error} />
      {v && (
        <article className="card policy-version" aria-labelledby="policy-title">
          <h1 id="policy-title">
            {t(`policies.documents.${v.document}`)} — {t('policies.versionLabel', { version: v.version })}
          </h1>
          <p className="muted">
            {t(v.inForce ? 'policies.version.inForceSince' : 'policies.version.effective', {
              date: format.date(v.effectiveDate),
            })}{' '}
            · {t(v.major ? 'policies.major' : 'policies.minor')}
          </p>
          <p lang={v.summaryLocale}>{v.summary}</p>
          {!i18n.language.startsWith(v.locale) && <Notice>{t('policies.public.englishOnly')}</Notice>}
          {acceptable && (
            <div className="policy-accept">
              <FormError error={accept.error} />
              <button
                type="button"
                className="button primary"
                onClick={() => accept.mutate()}
                disabled={accept.isPending}
              >
                {t('policies.accept.button', { version: v.version })}
              </button>
            </div>
          )}
          {accept.isSuccess && <Notice tone="success">{t('policies.accept.done')}</Notice>}
          <div className="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'text'}
              className="button"
              onClick={() => setTab('text')}
            >
              {t('policies.version.text')}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'changes'}
              className="button"
              onClick={() => setTab('changes')}
              disabled={!v.diff}
            >
              {v.previousVersion
                ? t('policies.version.changesFrom', { version: v.previousVersion })
                : t('policies.version.firstVersion')}
            </button>
          </div>
          {tab === 'text' || !v.diff ? (
            // The server renders the Markdown and sanitises the HTML with an allow-list (no script,
            // no event handler, no javascript: link); the page's CSP forbids inline script besides.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server, see above
            <div className="policy-text" lang={v.locale} dangerouslySetInnerHTML={{ __html: v.html }} />
          ) : (
            <PolicyDiff diff={v.diff} />
          )}
        </article>
      )}
    </>
  );
}
