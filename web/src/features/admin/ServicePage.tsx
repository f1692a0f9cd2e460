import { useTranslation } from 'react-i18next';
import { TableWrap } from '../health/views/TableWrap';
import { FormError } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useServiceHealth } from './queries';

/** Counts (no one's data) and the job queues' health: waiting, running, failed runs per queue. */
export function ServicePage() {
  const { t } = useTranslation();
  useTitle(t('admin.service.title'));
  const health = useServiceHealth();
  const { dateTime, number: n } = useFormat();
  return (
    <section className="card">
      <h1>{t('admin.service.title')}</h1>
      <FormError error={health.error} />
      {health.data && (
        <>
          <dl className="facts">
            <dt>{t('admin.service.users')}</dt>
            <dd>{n(health.data.counts.users)}</dd>
            <dt>{t('admin.service.devices')}</dt>
            <dd>{n(health.data.counts.devices)}</dd>
            <dt>{t('admin.service.readings')}</dt>
            <dd>{n(health.data.counts.readings)}</dd>
          </dl>
          <h2>{t('admin.service.queues')}</h2>
          {health.data.queues.length === 0 ? (
            <p className="muted">{t('admin.service.noQueues')}</p>
          ) : (
            <TableWrap label={t('admin.service.queues')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.service.queue')}</th>
                    <th scope="col">{t('admin.service.queued')}</th>
                    <th scope="col">{t('admin.service.active')}</th>
                    <th scope="col">{t('admin.service.failed')}</th>
                    <th scope="col">{t('admin.service.completed')}</th>
                    <th scope="col">{t('admin.service.lastFailed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {health.data.queues.map((q) => (
                    <tr key={q.name}>
                      <th scope="row">{q.name}</th>
                      <td>{n(q.queued)}</td>
                      <td>{n(q.active)}</td>
                      <td>{n(q.failed)}</td>
                      <td>{n(q.completed)}</td>
                      <td>{dateTime(q.lastFailedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </section>
  );
}
