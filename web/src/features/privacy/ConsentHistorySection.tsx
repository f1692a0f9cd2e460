import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { TableWrap } from '../health/views/TableWrap';
import { useConsentHistory } from './queries';

/** Every consent given or withdrawn: when, which wording, which policy, how. */
export function ConsentHistorySection() {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useConsentHistory();
  const rows = history.data?.history ?? [];
  return (
    <section className="card" aria-labelledby="consent-history-title">
      <h2 id="consent-history-title">{t('privacy.history.title')}</h2>
      <FormError error={history.error} />
      {history.isSuccess && rows.length === 0 && <p className="muted">{t('privacy.history.none')}</p>}
      {rows.length > 0 && (
        <TableWrap label={t('privacy.history.tableLabel')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacy.history.when')}</th>
                <th scope="col">{t('privacy.history.purpose')}</th>
                <th scope="col">{t('privacy.history.choice')}</th>
                <th scope="col">{t('privacy.history.versions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.id}>
                  <td>{format.dateTime(h.at)}</td>
                  <td>{t(`privacy.purposes.${h.purpose}.title`, { defaultValue: h.purpose })}</td>
                  <td>{h.granted ? t('privacy.history.given') : t('privacy.history.withdrawn')}</td>
                  <td>
                    {t('privacy.history.versionsValue', {
                      wording: h.wordingVersion,
                      policy: h.policyVersion,
                      method: h.method,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
