import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useSecurityEvents } from './queries';

/** The account's own audit trail: sign-ins, changes to password, email, second factor and tokens. */
export function SecurityEventsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const events = useSecurityEvents();
  const rows = events.data?.pages.flat() ?? [];
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">{t('security.events.title')}</h2>
      <FormError error={events.error} />
      {events.isSuccess && rows.length === 0 && <p className="muted">{t('security.events.none')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('security.events.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('security.events.when')}</th>
                <th scope="col">{t('security.events.what')}</th>
                <th scope="col">{t('security.events.where')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>{format.dateTime(e.at)}</td>
                  <td>
                    {t(`security.events.actions.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}
                  </td>
                  <td>{[e.ip, e.browser].filter(Boolean).join(' · ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() => void events.fetchNextPage()}
          disabled={events.isFetchingNextPage}
        >
          {t('security.events.more')}
        </button>
      )}
    </section>
  );
}
