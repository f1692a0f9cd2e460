import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { type Device, useDevices, usePairDevice, useUnpairDevice } from './queries';
import { HouseholdSection } from './HouseholdSection';
import { ConfirmPrompt } from '../../components/ConfirmPrompt';

/**
 * The user's devices: battery, firmware, last sync; pair one with its claim code; unpair. The scales of
 * the households they belong to are listed with them, as theirs to use (their owner manages them).
 */
export function DevicesPage() {
  const { t } = useTranslation();
  useTitle(t('devices.title'));
  const devices = useDevices();
  const paired = devices.data?.filter((d) => d.status === 'paired') ?? [];
  return (
    <>
      <h1>{t('devices.title')}</h1>
      <FormError error={devices.error} />
      {devices.data && paired.length === 0 && <p className="muted">{t('devices.none')}</p>}
      <ul className="device-list">
        {paired.map((d) =>
          d.household ? <SharedDeviceCard key={d.id} device={d} /> : <DeviceCard key={d.id} device={d} />,
        )}
      </ul>
      <PairForm />
      <HouseholdSection />
    </>
  );
}

/** A household's scale the user shares: what it says, whose it is; no actions (the owner's). */
function SharedDeviceCard({ device }: { device: Device }) {
  const { t } = useTranslation();
  return (
    <li className="card" data-device={device.id}>
      <h2>{device.name}</h2>
      <p className="muted">{device.modelName}</p>
      <p>
        {t('devices.sharedBy', {
          owner: device.household?.ownerDisplayName,
          household: device.household?.name,
        })}
      </p>
      <DeviceFacts device={device} />
    </li>
  );
}

function DeviceCard({ device }: { device: Device }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const unpair = useUnpairDevice(device.id);
  return (
    <li className="card" data-device={device.id}>
      <h2>{device.name}</h2>
      <p className="muted">
        {device.modelName} · {device.serial}
      </p>
      <DeviceFacts device={device} />
      {confirming ? (
        <ConfirmPrompt
          statement={t('devices.unpairStatement')}
          confirm={t('devices.unpairConfirm')}
          cancel={t('devices.cancel')}
          busy={unpair.isPending}
          onConfirm={() => unpair.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('devices.unpair', { name: device.name })}
        </button>
      )}
      <FormError error={unpair.error} />
    </li>
  );
}

/** Battery, firmware (with its update badge) and last sync. */
function DeviceFacts({ device }: { device: Device }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  return (
    <dl className="facts device-facts">
      <div>
        <dt>{t('devices.battery')}</dt>
        <dd>{device.battery === null ? '—' : `${device.battery} %`}</dd>
      </div>
      <div>
        <dt>{t('devices.firmware')}</dt>
        <dd>
          {device.firmware.current}{' '}
          {device.firmware.updateRequired ? (
            <span className="tag tag-warning firmware-badge">
              {t('devices.updateRequired', { version: device.firmware.latest })}
            </span>
          ) : (
            device.firmware.updateAvailable && (
              <span className="tag firmware-badge">
                {t('devices.updateAvailable', { version: device.firmware.latest })}
              </span>
            )
          )}
        </dd>
      </div>
      <div>
        <dt>{t('devices.lastSync')}</dt>
        <dd>{device.lastSyncAt ? dateTime(device.lastSyncAt) : t('devices.never')}</dd>
      </div>
    </dl>
  );
}

function PairForm() {
  const { t } = useTranslation();
  const pair = usePairDevice();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    pair.mutate({
      serial: v.serial?.trim(),
      claimCode: v.claimCode?.trim(),
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
    });
  };
  const errors = fieldErrorsOf(pair.error);
  return (
    <section className="card" aria-labelledby="pair-device">
      <h2 id="pair-device">{t('devices.pairTitle')}</h2>
      <p>{t('devices.pairHelp')}</p>
      <form onSubmit={submit}>
        <Field label={t('devices.serial')} name="serial" required autoComplete="off" error={errors.serial} />
        <Field
          label={t('devices.claimCode')}
          name="claimCode"
          required
          autoComplete="off"
          error={errors.claimCode}
        />
        <Field label={t('devices.name')} name="name" autoComplete="off" error={errors.name} />
        <FormError error={pair.error} />
        <SubmitButton busy={pair.isPending}>{t('devices.pair')}</SubmitButton>
      </form>
      {pair.data && (
        <Notice tone="success">
          <p>{t('devices.paired', { name: pair.data.device.name })}</p>
          <p>{t('devices.credentialOnce')}</p>
          <code className="credential" data-testid="device-credential">
            {pair.data.credential}
          </code>
        </Notice>
      )}
    </section>
  );
}
