import type { ClinicDevice } from '@vitalbase/core/clinic-devices';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Field, FormError, formValues, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useClinic, useClinicDevices, useRegisterDevice, useReserveDevice, useReturnDevice } from './queries';

/**
 * The clinic's device stock (administrators): add a unit by its serial and claim code, reserve one for
 * a new patient enrolment (its code is printed for the patient), return one to stock.
 */
export function ClinicDevicesPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const clinic = useClinic(clinicId);
  const devices = useClinicDevices(clinicId);
  const register = useRegisterDevice(clinicId);
  const reserve = useReserveDevice(clinicId);
  const back = useReturnDevice(clinicId);
  useTitle(t('clinics.devices.title'));
  const rows = devices.data?.devices ?? [];
  return (
    <>
      <p>
        <Link to={`/clinics/${clinicId}`}>{clinic.data?.name ?? t('clinics.title')}</Link>
      </p>
      <h1>{t('clinics.devices.title')}</h1>
      <FormError error={clinic.error ?? devices.error} />
      <section className="card" aria-labelledby="add-device-title">
        <h2 id="add-device-title">{t('clinics.devices.add')}</h2>
        <form
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const form = e.currentTarget;
            const v = formValues(form);
            register.mutate(
              { serial: v.serial ?? '', claimCode: v.claimCode ?? '', cellular: v.cellular === 'on' },
              { onSuccess: () => form.reset() },
            );
          }}
        >
          <Field label={t('clinics.devices.serial')} name="serial" required maxLength={64} />
          <Field label={t('clinics.devices.claimCode')} name="claimCode" required maxLength={32} />
          <p>
            <label>
              <input type="checkbox" name="cellular" defaultChecked /> {t('clinics.devices.cellular')}
            </label>
          </p>
          <FormError error={register.error} />
          <SubmitButton busy={register.isPending}>{t('clinics.devices.addButton')}</SubmitButton>
        </form>
      </section>
      <FormError error={reserve.error ?? back.error} />
      {reserve.data && (
        <Notice tone="success">
          {t('clinics.devices.reserved', { serial: reserve.data.device.serial })}{' '}
          <strong>{reserve.data.invitation.code}</strong>
        </Notice>
      )}
      <section aria-labelledby="stock-title">
        <h2 id="stock-title">{t('clinics.devices.stock')}</h2>
        {devices.isSuccess && rows.length === 0 && <p className="muted">{t('clinics.devices.none')}</p>}
        {rows.length > 0 && (
          <ul className="device-stock" aria-label={t('clinics.devices.stock')}>
            {rows.map((d) => (
              <DeviceItem
                key={d.unitId}
                clinicId={clinicId}
                device={d}
                busy={reserve.isPending || back.isPending}
                onReserve={() => reserve.mutate(d.unitId)}
                onReturn={() => back.mutate(d.unitId)}
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function DeviceItem(props: {
  clinicId: string;
  device: ClinicDevice;
  busy: boolean;
  onReserve: () => void;
  onReturn: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const d = props.device;
  const mayReturn = d.state === 'reserved' || (d.state === 'assigned' && d.patientSharing === false);
  return (
    <li className="card">
      <p>
        <strong>{d.serial}</strong> · {d.modelName}
        {d.cellular && <span className="tag">{t('clinics.devices.cellularTag')}</span>}
      </p>
      <p className="muted">
        {t(`clinics.devices.states.${d.state}`)}
        {d.assignedAt && ` · ${format.inZone(d.assignedAt, { dateStyle: 'medium' })}`}
        {d.state === 'assigned' && d.patientSharing === false && ` · ${t('clinics.devices.stopped')}`}
      </p>
      {d.state === 'assigned' && d.patientId && d.patientSharing && (
        <p>
          <Link to={`/clinics/${props.clinicId}/patients/${d.patientId}`}>
            {t('clinics.devices.patient')}
          </Link>
        </p>
      )}
      {d.state === 'in_stock' && (
        <button
          type="button"
          className="button"
          disabled={props.busy}
          aria-label={t('clinics.devices.reserveNamed', { serial: d.serial })}
          onClick={props.onReserve}
        >
          {t('clinics.devices.reserve')}
        </button>
      )}
      {mayReturn && (
        <button
          type="button"
          className="button"
          disabled={props.busy}
          aria-label={t('clinics.devices.returnNamed', { serial: d.serial })}
          onClick={props.onReturn}
        >
          {t('clinics.devices.return')}
        </button>
      )}
    </li>
  );
}
