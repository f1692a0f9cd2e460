import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { TableWrap } from '../health/views/TableWrap';
import { useAccessLog } from './queries';

/** Who accessed my data (P26): every read by anyone but the user. */
export function AccessLogSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const log = useAccessLog();
  const rows = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <section className="card" aria-labelledby="access-log-title">
      <h2 id="access-log-title">{t('privacy.accessLog.title')}</h2>
      <p className="muted">{t('privacy.accessLog.intro')}</p>
      <FormError error={log.error} />
      {log.isSuccess && rows.length === 0 && <p className="muted">{t('privacy.accessLog.none')}</p>}
      {rows.length > 0 && (
        <TableWrap label={t('privacy.accessLog.tableLabel')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacy.accessLog.when')}</th>
                <th scope="col">{t('privacy.accessLog.who')}</th>
                <th scope="col">{t('privacy.accessLog.what')}</th>
                <th scope="col">{t('privacy.accessLog.why')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>{format.dateTime(e.at)}</td>
                  <td>
                    {e.actor.accountClosed
                      ? t('privacy.accessLog.closedStaff', {
                          role: t(`privacy.accessLog.actors.${e.actor.type}`, { defaultValue: e.actor.type }),
                        })
                      : e.actor.name}{' '}
                    ({t(`privacy.accessLog.actors.${e.actor.type}`, { defaultValue: e.actor.type })})
                  </td>
                  <td>{e.what.join(', ')}</td>
                  <td>{[e.purpose, e.legalBasis].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {log.hasNextPage && (
        <button type="button" className="button" onClick={() => void log.fetchNextPage()}>
          {t('privacy.accessLog.more')}
        </button>
      )}
    </section>
  );
}
