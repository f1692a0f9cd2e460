import type { PolicyDocument } from '@vitalbase/core/policies';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError, Notice } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { usePolicyInForce } from './queries';

const publicPolicyPath: Record<PolicyDocument, string> = {
  privacy: '/privacy-policy',
  terms: '/terms',
};

/**
 * The privacy policy or the terms in force, for anyone (signed in or not): what a person reads before
 * creating an account. Its history and what the user accepted are on /policies, once signed in.
 */
export function PublicPolicyPage({ document }: { document: PolicyDocument }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  useTitle(t(`policies.documents.${document}`));
  const policy = usePolicyInForce(document, i18n.language);
  const other: PolicyDocument = document === 'privacy' ? 'terms' : 'privacy';
  const v = policy.data;
  return (
    <article className="card policy-public" aria-busy={policy.isPending}>
      <FormError error={policy.error} />
      {policy.isPending && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      )}
      {v && (
        <>
          {/* The server renders the Markdown and sanitises the HTML with an allow-list. */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server */}
          <div className="policy-text" lang={v.locale} dangerouslySetInnerHTML={{ __html: v.html }} />
          <p className="muted">
            {t('policies.public.inForce', { version: v.version, date: format.date(v.effectiveDate) })}
          </p>
          {!i18n.language.startsWith(v.locale) && <Notice>{t('policies.public.englishOnly')}</Notice>}
        </>
      )}
      <p className="policy-public-links">
        <Link to={publicPolicyPath[other]}>{t(`policies.documents.${other}`)}</Link>
        {' · '}
        <Link to="/sign-up">{t('signUp.title')}</Link>
        {' · '}
        <Link to="/sign-in">{t('signIn.title')}</Link>
      </p>
    </article>
  );
}
