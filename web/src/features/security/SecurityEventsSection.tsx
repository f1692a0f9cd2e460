import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SecurityEvent } from '../../api/types';
import { FormError } from '../../components/forms';
import { useFormat } from '../../i18n/format';

const PAGE = 20;

/** The account's own audit trail: sign-ins, changes to password, email, second factor and tokens. */
export function SecurityEventsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const events = useInfiniteQuery({
    queryKey: ['me', 'security-events'],
    queryFn: ({ pageParam }) =>
      api<SecurityEvent[]>(
        'GET',
        `/api/me/security-events?limit=${PAGE}${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1]?.id),
  });
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
