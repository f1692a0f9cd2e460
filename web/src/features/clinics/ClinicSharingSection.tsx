import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useMySharing, useStopSharing } from './queries';

/** Privacy center: every clinic the user shares data with, what and since when; stop in one click. */
export function ClinicSharingSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const sharing = useMySharing();
  const stop = useStopSharing();
  const rows = sharing.data?.sharing ?? [];
  return (
    <section className="card" aria-labelledby="clinic-sharing-title">
      <h2 id="clinic-sharing-title">{t('clinics.sharing.title')}</h2>
      <p className="muted">{t('clinics.sharing.intro')}</p>
      <FormError error={sharing.error ?? stop.error} />
      {sharing.isSuccess && rows.length === 0 && <p className="muted">{t('clinics.sharing.none')}</p>}
      {rows.length > 0 && (
        <ul className="plain-list">
          {rows.map((s) => (
            <li key={s.clinicId} className="consent">
              <strong>{s.clinicName}</strong>
              <p>
                {t('clinics.sharing.what', {
                  what: s.categories.map((c) => t(`clinics.categories.${c}`, { defaultValue: c })).join(', '),
                  since: format.inZone(s.since, { dateStyle: 'long' }),
                })}
              </p>
              <button
                type="button"
                className="button"
                disabled={stop.isPending}
                onClick={() => stop.mutate(s.clinicId)}
                aria-label={t('clinics.sharing.stopNamed', { clinic: s.clinicName })}
              >
                {t('clinics.sharing.stop')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
