import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useAccountLanguage } from '../../i18n/account-language';
import { AppLogo } from './AppLogo';
import { useAnswerConsent, useConsentRequest } from './queries';
import { ScopeChoice } from './ScopeChoice';

/**
 * Refused because another browser or account started the request, or the operator disabled the app:
 * the error says why and how to go on, so the generic "expired" line is not added.
 */
const explained = (err: unknown) =>
  err instanceof ApiError && (err.code.startsWith('authorization_other_') || err.code === 'app_disabled');

/**
 * The consent screen a partner app's authorization request leads to: which app, where it sends the
 * answer, and what each scope opens, in plain words. Allow or Deny each hand the answer to the
 * authorization server, which then sends the browser back to the app. Signed-out visitors reach it
 * after signing in (RequireAuth brings them back here), in the language the app asked for (ui_locales)
 * until then, in their account's language from then on. Each data scope can be unticked; Allow grants
 * the ticked ones and those the app needs to work (ScopeChoice). Only the browser that started the request may
 * answer it: a link opened elsewhere shows why it is refused (docs/api-partners.md).
 */
export function ConsentPage() {
  const { t } = useTranslation();
  // Shown outside the app's shell: the account's language applies here too, over the language the
  // app's ui_locales gave the page before signing in (i18n/index.ts).
  const { data: me } = useMe();
  useAccountLanguage(me?.locale);
  useTitle(t('partners.consent.title'));
  const { uid = '' } = useParams();
  const [leaving, setLeaving] = useState(false);
  // The data scopes the user unticked (all are ticked at first).
  const [leftOut, setLeftOut] = useState<ReadonlySet<string>>(new Set());
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
        {!explained(request.error) && <p>{t('partners.consent.expired')}</p>}
      </section>
    );
  }
  const { client, redirectHost, scopes } = request.data;
  const busy = answer.isPending || leaving;
  const kept = new Set(scopes.filter((s) => !leftOut.has(s.scope)).map((s) => s.scope));
  const keepsNothing = kept.size === 0;
  const choose = (scope: string, keep: boolean) =>
    setLeftOut((old) => {
      const next = new Set(old);
      if (keep) next.delete(scope);
      else next.add(scope);
      return next;
    });
  return (
    <section className="card" aria-labelledby="consent-title">
      <div className="consent-app" style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        <AppLogo name={client.name} logoUri={client.logoUri} />
        <h1 id="consent-title">{t('partners.consent.heading', { app: client.name })}</h1>
      </div>
      <p>{t('partners.consent.intro', { app: client.name })}</p>
      <ScopeChoice app={client.name} scopes={scopes} kept={kept} onChange={choose} disabled={busy} />
      <p className="muted">{t('partners.consent.redirectHost', { host: redirectHost })}</p>
      <p className="muted">{t('partners.consent.disconnectLater')}</p>
      <FormError error={answer.error} />
      {keepsNothing && <p role="status">{t('partners.consent.keepOne')}</p>}
      {leaving && <p role="status">{t('partners.consent.leaving', { app: client.name })}</p>}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          onClick={() =>
            answer.mutate({
              decision: 'approve',
              scopes: scopes.filter((s) => s.optional && kept.has(s.scope)).map((s) => s.scope),
            })
          }
          disabled={busy || keepsNothing}
        >
          {t('partners.consent.allow')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => answer.mutate({ decision: 'deny' })}
          disabled={busy}
        >
          {t('partners.consent.deny')}
        </button>
      </div>
    </section>
  );
}
