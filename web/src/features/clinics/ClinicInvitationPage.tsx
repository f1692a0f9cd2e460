import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError, Notice } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useAcceptStaff, useInvitation } from './queries';

/** A staff invitation, opened from its mail by the invited person, signed in with that address. */
export function ClinicInvitationPage() {
  const { t } = useTranslation();
  useTitle(t('clinics.invitation.title'));
  const code = useOneTimeToken();
  const view = useInvitation(code);
  const accept = useAcceptStaff();
  const staff = view.data?.kind === 'staff' ? view.data : undefined;
  return (
    <section className="card narrow">
      <h1>{t('clinics.invitation.title')}</h1>
      {!code && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
      <FormError error={view.error} />
      {view.data?.kind === 'patient' && (
        <p>
          <Link to="/clinic-enrolment" state={{ token: code }}>
            {t('clinics.invitation.isEnrolment')}
          </Link>
        </p>
      )}
      {staff && !accept.isSuccess && (
        <>
          <p>
            {t('clinics.invitation.intro', {
              clinic: staff.clinicName,
              role: t(`clinics.roles.${staff.role ?? 'clinician'}`),
            })}
          </p>
          <p className="muted">{t('clinics.invitation.secondFactor')}</p>
          <FormError error={accept.error} />
          <button
            type="button"
            className="button primary"
            disabled={accept.isPending}
            onClick={() => code && accept.mutate(code)}
          >
            {t('clinics.invitation.accept')}
          </button>
        </>
      )}
      {accept.data && (
        <Notice tone="success">
          {t('clinics.invitation.joined', { clinic: accept.data.clinicName })}{' '}
          <Link to={`/clinics/${accept.data.clinicId}`}>{t('clinics.invitation.open')}</Link>
        </Notice>
      )}
    </section>
  );
}
