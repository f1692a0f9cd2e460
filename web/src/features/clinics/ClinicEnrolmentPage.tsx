import type { InvitationView } from '@vitalbase/core/clinics';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Field, FormError, Notice, SubmitButton } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useAcceptEnrolment, useInvitation } from './queries';

/**
 * A patient's enrolment in a clinic's programme: from the mailed link, or the code printed on the
 * clinic's sheet. The patient reads the clinic's terms and the consent, picks what to share, accepts.
 */
export function ClinicEnrolmentPage() {
  const { t } = useTranslation();
  useTitle(t('clinics.enrolment.title'));
  const fromLink = useOneTimeToken();
  const [typed, setTyped] = useState<string | null>(null);
  const code = fromLink ?? typed;
  const view = useInvitation(code);

  return (
    <section className="card narrow" aria-labelledby="enrolment-title">
      <h1 id="enrolment-title">{t('clinics.enrolment.title')}</h1>
      {!code && (
        <form
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            setTyped(String(new FormData(e.currentTarget).get('code') ?? '').trim());
          }}
        >
          <Field
            label={t('clinics.enrolment.code')}
            hint={t('clinics.enrolment.codeHint')}
            name="code"
            required
          />
          <SubmitButton busy={false}>{t('clinics.enrolment.open')}</SubmitButton>
        </form>
      )}
      <FormError error={view.error} />
      {view.data?.kind === 'patient' && code && <EnrolmentForm code={code} view={view.data} />}
    </section>
  );
}

function EnrolmentForm({ code, view }: { code: string; view: InvitationView }) {
  const { t } = useTranslation();
  const accept = useAcceptEnrolment();
  const [picked, setPicked] = useState<string[]>(view.defaultCategories);
  if (accept.data) {
    return (
      <Notice tone="success">
        {t('clinics.enrolment.done', { clinic: accept.data.clinicName })}{' '}
        <Link to="/privacy">{t('clinics.enrolment.toPrivacy')}</Link>
      </Notice>
    );
  }
  const toggle = (id: string, on: boolean) =>
    setPicked((now) => (on ? [...new Set([...now, id])] : now.filter((c) => c !== id)));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate({
          code,
          body: {
            categories: picked as never,
            termsVersion: view.termsVersion ?? 1,
            wordingVersion: view.wording?.version ?? 1,
          },
        });
      }}
    >
      <p>{t('clinics.enrolment.intro', { clinic: view.clinicName })}</p>
      <h2>{t('clinics.enrolment.terms')}</h2>
      <p className="terms-text">{view.programmeTerms}</p>
      <h2>{t('clinics.enrolment.consent')}</h2>
      <p>{t('clinics.enrolment.wording')}</p>
      <fieldset>
        <legend>{t('clinics.enrolment.categories')}</legend>
        {view.categories.map((c) => (
          <div key={c.id}>
            <label className="checkbox">
              <input
                type="checkbox"
                name="categories"
                value={c.id}
                checked={picked.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />{' '}
              {t(`clinics.categories.${c.id}`, { defaultValue: c.id })}
            </label>
          </div>
        ))}
      </fieldset>
      <p className="muted">{t('clinics.enrolment.stopAnyTime')}</p>
      <FormError error={accept.error} />
      <button type="submit" className="button primary" disabled={accept.isPending || picked.length === 0}>
        {t('clinics.enrolment.accept')}
      </button>
    </form>
  );
}
