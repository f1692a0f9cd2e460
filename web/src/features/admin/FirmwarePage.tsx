import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useFirmwareCatalog, usePublishFirmware, useRequireFirmware } from './queries';

/**
 * Firmware versions per device model (operator admin, issue #16): each model's versions, newest
 * first, marking one required, and publishing a new one with the file the devices fetch.
 */
export function FirmwarePage() {
  const { t } = useTranslation();
  useTitle(t('admin.firmware.title'));
  const { dateTime } = useFormat();
  const catalog = useFirmwareCatalog();
  const publish = usePublishFirmware();
  const require = useRequireFirmware();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    publish.mutate(
      {
        model: v.model ?? '',
        version: v.version ?? '',
        notes: v.notes ?? '',
        fileUrl: v.fileUrl ?? '',
        sha256: v.sha256 ?? '',
        required: v.required === 'on',
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card">
      <h1>{t('admin.firmware.title')}</h1>
      <p>{t('admin.firmware.intro')}</p>
      <FormError error={catalog.error ?? require.error} />
      {catalog.data?.models.map((m) => (
        <section key={m.id} aria-labelledby={`fw-${m.id}`}>
          <h2 id={`fw-${m.id}`}>
            {m.name} <code>{m.id}</code>
          </h2>
          <p className="muted">{t('admin.firmware.minimum', { version: m.minFirmware })}</p>
          <ul className="item-list">
            {m.versions.map((v) => (
              <li key={v.version} className="item">
                <div>
                  <strong>{v.version}</strong> · {dateTime(v.releasedAt)}{' '}
                  {v.required && <span className="tag">{t('admin.firmware.required')}</span>}
                  {v.notes && <p>{v.notes}</p>}
                  <p className="muted">
                    {v.fileUrl ? (
                      <>
                        <code>{v.fileUrl}</code> · SHA-256 <code>{v.sha256}</code>
                      </>
                    ) : (
                      t('admin.firmware.noFile')
                    )}
                  </p>
                </div>
                {!v.required && (
                  <button
                    type="button"
                    className="button"
                    disabled={require.isPending}
                    onClick={() => require.mutate({ model: m.id, version: v.version })}
                  >
                    {t('admin.firmware.markRequired')}
                    <span className="visually-hidden">
                      {' '}
                      ({m.name} {v.version})
                    </span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('admin.firmware.publish')}</h2>
      <form onSubmit={onSubmit}>
        <SelectField name="model" label={t('admin.firmware.model')} required>
          {catalog.data?.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <Field name="version" label={t('admin.firmware.version')} hint="2.1.0" required maxLength={20} />
        <Field name="notes" label={t('admin.firmware.notes')} maxLength={4000} />
        <Field
          name="fileUrl"
          type="url"
          label={t('admin.firmware.fileUrl')}
          hint={t('admin.firmware.fileUrlHint')}
          required
        />
        <Field
          name="sha256"
          label={t('admin.firmware.sha256')}
          hint={t('admin.firmware.sha256Hint')}
          required
          maxLength={64}
        />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="required" /> {t('admin.firmware.requiredBox')}
          </label>
        </div>
        <FormError error={publish.error} />
        {publish.data && (
          <p className="alert alert-success" role="status">
            {t('admin.firmware.published', { model: publish.data.model, version: publish.data.version })}
          </p>
        )}
        <SubmitButton busy={publish.isPending}>{t('admin.firmware.publishButton')}</SubmitButton>
      </form>
    </section>
  );
}
