import type { InvitationView } from '@vitalbase/core/clinics';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Field, FormError, Notice, SubmitButton } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useAcceptEnrolment, useAcceptEnrolmentAsGuardian, useInvitation } from './queries';

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
      {view.data?.kind === 'patient' && code && <PatientEnrolmentForm code={code} view={view.data} />}
    </section>
  );
}

function PatientEnrolmentForm({ code, view }: { code: string; view: InvitationView }) {
  const { t } = useTranslation();
  const accept = useAcceptEnrolment();
  if (accept.data) {
    return (
      <Notice tone="success">
        {t('clinics.enrolment.done', { clinic: accept.data.clinicName })}{' '}
        <Link to="/privacy">{t('clinics.enrolment.toPrivacy')}</Link>
      </Notice>
    );
  }
  return (
    <>
      <EnrolmentForm code={code} view={view} accept={accept} />
      <p className="muted">{t('clinics.enrolment.forAChild')}</p>
    </>
  );
}

/**
 * A parent's acceptance for their minor child (GDPR Art. 8), on the guardian page opened from the
 * mail they received when they approved the child's account: the clinic's code typed in, the same
 * terms, wording and choice of categories as the patient's own, accepted for the child.
 */
export function GuardianEnrolmentSection({
  guardianToken,
  childName,
}: {
  guardianToken: string;
  childName: string;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState<string | null>(null);
  const view = useInvitation(code);
  const accept = useAcceptEnrolmentAsGuardian(guardianToken);
  return (
    <section className="card" aria-labelledby="guardian-enrolment-title">
      <h2 id="guardian-enrolment-title">{t('clinics.guardianEnrolment.title', { name: childName })}</h2>
      {accept.data ? (
        <Notice tone="success">
          {t('clinics.guardianEnrolment.done', { name: childName, clinic: accept.data.clinicName })}
        </Notice>
      ) : (
        <>
          {!view.data && <p>{t('clinics.guardianEnrolment.intro', { name: childName })}</p>}
          {!view.data && (
            <form
              onSubmit={(e: FormEvent<HTMLFormElement>) => {
                e.preventDefault();
                setCode(String(new FormData(e.currentTarget).get('code') ?? '').trim());
              }}
            >
              <Field
                label={t('clinics.enrolment.code')}
                hint={t('clinics.guardianEnrolment.codeHint')}
                name="code"
                required
              />
              <FormError error={view.error} />
              <SubmitButton busy={view.isFetching}>{t('clinics.enrolment.open')}</SubmitButton>
            </form>
          )}
          {view.data?.kind === 'patient' && code && (
            <EnrolmentForm code={code} view={view.data} accept={accept} childName={childName} />
          )}
        </>
      )}
    </section>
  );
}

type AcceptMutation = ReturnType<typeof useAcceptEnrolment>;

/** The terms, the consent's wording and the categories; accepted by the patient, or by their parent. */
function EnrolmentForm(props: {
  code: string;
  view: InvitationView;
  accept: AcceptMutation;
  childName?: string;
}) {
  const { t } = useTranslation();
  const { code, view, accept, childName } = props;
  const [picked, setPicked] = useState<string[]>(view.defaultCategories);
  // On the guardian page the form sits in a section of its own (an h2): its parts are h3 there.
  const Heading = childName ? 'h3' : 'h2';
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
      <p>
        {childName
          ? t('clinics.guardianEnrolment.invites', { clinic: view.clinicName, name: childName })
          : t('clinics.enrolment.intro', { clinic: view.clinicName })}
      </p>
      <Heading>{t('clinics.enrolment.terms')}</Heading>
      <p className="terms-text">{view.programmeTerms}</p>
      <Heading>{t('clinics.enrolment.consent')}</Heading>
      <p>
        {childName
          ? t('clinics.guardianEnrolment.wording', { name: childName })
          : t('clinics.enrolment.wording')}
      </p>
      <fieldset>
        <legend>
          {childName
            ? t('clinics.guardianEnrolment.categories', { name: childName })
            : t('clinics.enrolment.categories')}
        </legend>
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
      <p className="muted">
        {childName
          ? t('clinics.guardianEnrolment.stopAnyTime', { name: childName })
          : t('clinics.enrolment.stopAnyTime')}
      </p>
      <FormError error={accept.error} />
      <button type="submit" className="button primary" disabled={accept.isPending || picked.length === 0}>
        {childName
          ? t('clinics.guardianEnrolment.accept', { name: childName })
          : t('clinics.enrolment.accept')}
      </button>
    </form>
  );
}
