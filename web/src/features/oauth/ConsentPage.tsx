import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { AppLogo } from './AppLogo';
import { useAnswerConsent, useConsentRequest } from './queries';
import { ScopeList } from './ScopeList';

/** Refused because another browser or account started the request: the error says how to go on. */
const startedElsewhere = (err: unknown) =>
  err instanceof ApiError && err.code.startsWith('authorization_other_');

/**
 * The consent screen a partner app's authorization request leads to: which app, where it sends the
 * answer, and what each scope opens, in plain words. Allow or Deny each hand the answer to the
 * authorization server, which then sends the browser back to the app. Signed-out visitors reach it
 * after signing in (RequireAuth brings them back here). Only the browser that started the request may
 * answer it: a link opened elsewhere shows why it is refused (docs/api-partners.md).
 */
export function ConsentPage() {
  const { t } = useTranslation();
  useTitle(t('partners.consent.title'));
  const { uid = '' } = useParams();
  const [leaving, setLeaving] = useState(false);
  const request = useConsentRequest(uid);
  const answer = useAnswerConsent(uid, {
    onSuccess: (target) => {
      setLeaving(true);
      window.location.assign(target);
    },
  });

  if (request.isPending) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (!request.data) {
    return (
      <section className="card">
        <h1>{t('partners.consent.title')}</h1>
        <FormError error={request.error} />
        {!startedElsewhere(request.error) && <p>{t('partners.consent.expired')}</p>}
      </section>
    );
  }
  const { client, redirectHost, scopes } = request.data;
  const busy = answer.isPending || leaving;
  return (
    <section className="card" aria-labelledby="consent-title">
      <div className="consent-app" style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        <AppLogo name={client.name} logoUri={client.logoUri} />
        <h1 id="consent-title">{t('partners.consent.heading', { app: client.name })}</h1>
      </div>
      <p>{t('partners.consent.intro', { app: client.name })}</p>
      <ScopeList scopes={scopes} />
      <p className="muted">{t('partners.consent.redirectHost', { host: redirectHost })}</p>
      <p className="muted">{t('partners.consent.disconnectLater')}</p>
      <FormError error={answer.error} />
      {leaving && <p role="status">{t('partners.consent.leaving', { app: client.name })}</p>}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          onClick={() => answer.mutate('approve')}
          disabled={busy}
        >
          {t('partners.consent.allow')}
        </button>
        <button type="button" className="button" onClick={() => answer.mutate('deny')} disabled={busy}>
          {t('partners.consent.deny')}
        </button>
      </div>
    </section>
  );
}
