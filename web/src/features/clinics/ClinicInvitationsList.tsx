import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, Notice, SelectField, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useAssignDevice, useClinicDevices, usePatientInvitations } from './queries';

/**
 * The clinic's patient invitations still open (issue #15): to whom, until when, the unit reserved.
 * Administrators (the `devices` permission) reserve a unit of the stock for one sent earlier: it is
 * paired to the patient when they accept.
 */
export function ClinicInvitationsList({ clinicId, canAssign }: { clinicId: string; canAssign: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const invitations = usePatientInvitations(clinicId);
  const stock = useClinicDevices(clinicId, canAssign);
  const assign = useAssignDevice(clinicId);
  const free = (stock.data?.devices ?? []).filter((d) => d.state === 'in_stock');
  const rows = invitations.data?.invitations ?? [];
  return (
    <>
      <h3 id="open-invitations-title">{t('clinics.invitations.title')}</h3>
      <FormError error={invitations.error ?? stock.error} />
      {invitations.isSuccess && rows.length === 0 && <p className="muted">{t('clinics.invitations.none')}</p>}
      {assign.isSuccess && (
        <Notice tone="success">{t('clinics.invitations.assigned', { serial: assign.data.serial })}</Notice>
      )}
      {rows.length > 0 && (
        <ul className="plain-list invitation-list" aria-labelledby="open-invitations-title">
          {rows.map((inv) => {
            const who = inv.email ?? t('clinics.invitations.printed');
            return (
              <li key={inv.id} className="consent">
                <strong style={{ overflowWrap: 'anywhere' }}>{who}</strong>
                <br />
                <span className="muted">
                  {t('clinics.invitations.until', {
                    date: format.inZone(inv.expiresAt, { dateStyle: 'medium' }),
                  })}
                  {inv.devices.length > 0 &&
                    ` · ${t('clinics.invitations.device', { serial: inv.devices.map((d) => d.serial).join(', ') })}`}
                </span>
                {canAssign && inv.devices.length === 0 && free.length > 0 && (
                  <form
                    aria-label={t('clinics.invitations.assignFor', { who })}
                    onSubmit={(e: FormEvent<HTMLFormElement>) => {
                      e.preventDefault();
                      const unitId = String(new FormData(e.currentTarget).get('unitId') ?? '');
                      if (unitId) assign.mutate({ unitId, invitationId: inv.id });
                    }}
                  >
                    <SelectField label={t('clinics.invitations.unit')} name="unitId">
                      {free.map((d) => (
                        <option key={d.unitId} value={d.unitId}>
                          {d.serial} · {d.modelName}
                        </option>
                      ))}
                    </SelectField>
                    <SubmitButton busy={assign.isPending}>{t('clinics.invitations.assign')}</SubmitButton>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canAssign && stock.isSuccess && free.length === 0 && rows.some((r) => r.devices.length === 0) && (
        <p className="muted">{t('clinics.invitations.noFreeUnit')}</p>
      )}
      <FormError error={assign.error} />
    </>
  );
}
