import { type ClinicRole, clinicRoles } from '@vitalbase/core/clinics';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Field, FormError, Notice, SelectField, SubmitButton, formValues } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { SessionStepUp, stepUpMethods } from '../security/SessionStepUp';
import { useFormat } from '../../i18n/format';
import { ClinicPatientList } from './ClinicPatientList';
import { ClinicEscalationSettings } from './ClinicEscalationSettings';
import { ClinicInvitationsList } from './ClinicInvitationsList';
import { useClinic, useInvitePatient, useInviteStaff, useRemoveStaff, useStaff } from './queries';

/** A clinic for its staff: the patient list (and enrolment), the staff (administrators). */
export function ClinicPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const clinic = useClinic(clinicId);
  useTitle(clinic.data?.name ?? t('clinics.title'));
  if (stepUpMethods(clinic.error)) return <SessionStepUp error={clinic.error} />;
  return (
    <>
      <FormError error={clinic.error} />
      {clinic.data && (
        <>
          <h1>{clinic.data.name}</h1>
          <p className="muted">{t('clinics.yourRole', { role: t(`clinics.roles.${clinic.data.role}`) })}</p>
          <p>
            <Link to={`/clinics/${clinicId}/alerts`}>{t('clinics.alerts.open')}</Link>
            {' · '}
            <Link to={`/clinics/${clinicId}/report`}>{t('clinics.report.open')}</Link>
          </p>
          {clinic.data.permissions.includes('devices') && (
            <p>
              <Link to={`/clinics/${clinicId}/devices`}>{t('clinics.devices.open')}</Link>
            </p>
          )}
          {clinic.data.permissions.includes('settings') && (
            <p>
              <Link to={`/clinics/${clinicId}/ehr`}>{t('clinics.ehr.open')}</Link>
            </p>
          )}
          <PatientsSection clinicId={clinicId} canAssign={clinic.data.permissions.includes('devices')} />
          {clinic.data.permissions.includes('staff') && <StaffSection clinicId={clinicId} />}
          {clinic.data.permissions.includes('settings') && <ClinicEscalationSettings clinic={clinic.data} />}
        </>
      )}
    </>
  );
}

function PatientsSection({ clinicId, canAssign }: { clinicId: string; canAssign: boolean }) {
  const { t } = useTranslation();
  const invite = useInvitePatient(clinicId);
  return (
    <section className="card" aria-labelledby="patients-title">
      <h2 id="patients-title">{t('clinics.patients.title')}</h2>
      <ClinicPatientList clinicId={clinicId} />
      <h3>{t('clinics.patients.invite')}</h3>
      <form
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const email = formValues(e.currentTarget).email?.trim();
          invite.mutate(email ? { email } : {});
        }}
      >
        <Field
          label={t('clinics.patients.email')}
          hint={t('clinics.patients.emailHint')}
          name="email"
          type="email"
        />
        <FormError error={invite.error} />
        <SubmitButton busy={invite.isPending}>{t('clinics.patients.inviteButton')}</SubmitButton>
      </form>
      {invite.data?.code && (
        <Notice tone="success">
          {t('clinics.patients.code')} <strong data-testid="enrolment-code">{invite.data.code}</strong>
        </Notice>
      )}
      <ClinicInvitationsList clinicId={clinicId} canAssign={canAssign} />
    </section>
  );
}

function StaffSection({ clinicId }: { clinicId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const staff = useStaff(clinicId, true);
  const invite = useInviteStaff(clinicId);
  const remove = useRemoveStaff(clinicId);
  return (
    <section className="card" aria-labelledby="staff-title">
      <h2 id="staff-title">{t('clinics.staff.title')}</h2>
      <FormError error={staff.error ?? remove.error} />
      {staff.data && (
        <ul className="plain-list">
          {staff.data.staff.map((s) => (
            <li key={s.userId} className="consent">
              <strong>{s.displayName}</strong> · {t(`clinics.roles.${s.role}`)}
              <br />
              <span className="muted" style={{ overflowWrap: 'anywhere' }}>
                {s.email} · {t('clinics.staff.since')} {format.inZone(s.addedAt, { dateStyle: 'medium' })}
              </span>
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(s.userId)}
                  aria-label={t('clinics.staff.removeNamed', { name: s.displayName })}
                >
                  {t('clinics.staff.remove')}
                </button>
              </div>
            </li>
          ))}
          {staff.data.invitations.map((i) => (
            <li key={i.id} className="consent">
              <span style={{ overflowWrap: 'anywhere' }}>{i.email}</span> · {t(`clinics.roles.${i.role}`)} ·{' '}
              {t('clinics.staff.invited')}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('clinics.staff.invite')}</h3>
      <form
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const form = e.currentTarget;
          const v = formValues(form);
          invite.mutate(
            { email: v.email ?? '', role: (v.role ?? 'clinician') as ClinicRole },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field label={t('clinics.staff.email')} name="email" type="email" required />
        <SelectField label={t('clinics.staff.role')} name="role" defaultValue="clinician">
          {clinicRoles.map((r) => (
            <option key={r} value={r}>
              {t(`clinics.roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <FormError error={invite.error} />
        <SubmitButton busy={invite.isPending}>{t('clinics.staff.inviteButton')}</SubmitButton>
      </form>
      {invite.isSuccess && <Notice tone="success">{t('clinics.staff.sent')}</Notice>}
    </section>
  );
}
