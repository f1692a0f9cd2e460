import type { ConsentPurpose, ResearchConsentForm } from '@vitalbase/core/consents';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { type ConsentsSource, ownConsents, useChangeConsent, useConsents } from './queries';

/**
 * One checkbox per purpose, off by default; unticking withdraws at once (as easy as giving). `only`
 * narrows it to some purposes (the account page's notification settings show the marketing ones).
 */
export function ConsentsSection(props: {
  only?: readonly ConsentPurpose[];
  title?: string;
  intro?: string;
  source?: ConsentsSource;
}) {
  const { t } = useTranslation();
  const source = props.source ?? ownConsents;
  const consents = useConsents(source);
  const change = useChangeConsent(source);
  const [researchFormOpen, setResearchFormOpen] = useState(false);

  return (
    <section className="card" aria-labelledby="consents-title">
      <h2 id="consents-title">{props.title ?? t('privacy.consents.title')}</h2>
      <p className="muted">{props.intro ?? t('privacy.consents.intro')}</p>
      <FormError error={consents.error ?? change.error} />
      <ul className="plain-list">
        {consents.data?.consents
          .filter((c) => !props.only || props.only.includes(c.purpose))
          .map((c) => (
            <li key={c.purpose} className="consent">
              <label className="checkbox">
                <input
                  type="checkbox"
                  name={c.purpose}
                  checked={c.granted || (c.purpose === 'research' && researchFormOpen)}
                  disabled={change.isPending}
                  onChange={(e) => {
                    if (c.purpose === 'research' && e.target.checked) return setResearchFormOpen(true);
                    if (c.purpose === 'research') setResearchFormOpen(false);
                    change.mutate({
                      purpose: c.purpose,
                      granted: e.target.checked,
                      wordingVersion: c.wordingVersion,
                    });
                  }}
                />{' '}
                <strong>{t(`privacy.purposes.${c.purpose}.title`)}</strong>
              </label>
              <p>{t(`privacy.purposes.${c.purpose}.text`)}</p>
              {c.granted && (
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    change.mutate({ purpose: c.purpose, granted: false, wordingVersion: c.wordingVersion })
                  }
                >
                  {t('privacy.consents.withdraw')}
                </button>
              )}
              {c.purpose === 'research' && researchFormOpen && !c.granted && (
                <ResearchForm
                  busy={change.isPending}
                  onCancel={() => setResearchFormOpen(false)}
                  onSubmit={(form) =>
                    change.mutate(
                      { purpose: 'research', granted: true, wordingVersion: c.wordingVersion, form },
                      { onSuccess: () => setResearchFormOpen(false) },
                    )
                  }
                />
              )}
            </li>
          ))}
      </ul>
    </section>
  );
}

function ResearchForm(props: {
  busy: boolean;
  onSubmit: (f: ResearchConsentForm) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <form
      className="research-form"
      aria-label={t('privacy.consents.research.formTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const note = String(data.get('note') ?? '').trim();
        props.onSubmit({
          acknowledgesScope: true,
          acknowledgesWithdrawal: true,
          ...(note ? { note } : {}),
        });
      }}
    >
      <label className="checkbox">
        <input type="checkbox" name="acknowledgesScope" required /> {t('privacy.consents.research.scope')}
      </label>
      <label className="checkbox">
        <input type="checkbox" name="acknowledgesWithdrawal" required />{' '}
        {t('privacy.consents.research.withdrawal')}
      </label>
      <label>
        {t('privacy.consents.research.note')}
        <textarea name="note" maxLength={500} rows={2} />
      </label>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={props.busy}>
          {t('privacy.consents.research.give')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('privacy.consents.research.cancel')}
        </button>
      </div>
    </form>
  );
}
