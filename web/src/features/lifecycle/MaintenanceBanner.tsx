import { useTranslation } from 'react-i18next';
import { useMaintenance } from './queries';
import { when } from './when';

/** P23: scheduled maintenance, announced from its notice date, in the reader's language. */
export function MaintenanceBanner() {
  const { t, i18n } = useTranslation();
  const windows = useMaintenance().data?.windows ?? [];
  if (!windows.length) return null;
  const fr = i18n.language.startsWith('fr');
  return (
    <div className="banners">
      {windows.map((w) => (
        <div key={w.id} className="alert alert-warning" role="status">
          <strong>
            {t(w.active ? 'lifecycle.maintenance.now' : 'lifecycle.maintenance.planned', {
              start: when(w.startsAt, i18n.language),
              end: when(w.endsAt, i18n.language),
            })}
          </strong>{' '}
          <span>{fr ? w.messageFr : w.messageEn}</span>
        </div>
      ))}
    </div>
  );
}
