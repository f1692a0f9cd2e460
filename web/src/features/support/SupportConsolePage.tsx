import { supportDataCategories } from '@vitalbase/core/support';
import { metricsOfCategories } from '@vitalbase/core/clinics';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { FormError, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useMeasureFormat, useMetricName } from '../health/parts';
import { useCategoryLabel } from './category-label';
import { useSupportCase, useSupportConsoleAction, useSupportQueue, useSupportReadings } from './queries';
import { SupportThread } from './SupportThread';

/**
 * The console's support area (issue #16, P11): the queue of open requests, and one request's page
 * (?user=…&request=…) with the account metadata, the thread, the ask for access and what the user granted.
 */
export function SupportConsolePage() {
  const [params] = useSearchParams();
  const userId = params.get('user');
  const id = params.get('request');
  return userId && id ? <SupportCasePage userId={userId} id={id} /> : <SupportQueuePage />;
}

function SupportQueuePage() {
  const { t } = useTranslation();
  useTitle(t('support.console.title'));
  const format = useFormat();
  const queue = useSupportQueue();
  return (
    <section className="card" aria-labelledby="support-queue">
      <h1 id="support-queue">{t('support.console.title')}</h1>
      <FormError error={queue.error} />
      {queue.data?.requests.length === 0 && <p className="muted">{t('support.console.empty')}</p>}
      {queue.data && queue.data.requests.length > 0 && (
        <ul className="request-list" data-testid="support-queue">
          {queue.data.requests.map((r) => (
            <li key={r.id}>
              <Link to={`/admin/support?user=${r.userId}&request=${r.id}`}>
                {t(`support.topics.${r.topic}`)}
              </Link>
              {' — '}
              {r.lastAuthor === 'user' ? t('support.console.awaiting') : t('support.console.answered')}
              <br />
              <span className="muted">{t('support.openedOn', { date: format.dateTime(r.createdAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SupportCasePage({ userId, id }: { userId: string; id: string }) {
  const { t } = useTranslation();
  useTitle(t('support.console.caseTitle'));
  const format = useFormat();
  const label = useCategoryLabel();
  const c = useSupportCase(userId, id);
  const act = useSupportConsoleAction(userId, id);
  if (c.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (c.isError)
    return (
      <section className="card">
        <p>
          <Link to="/admin/support">{t('support.console.back')}</Link>
        </p>
        <FormError error={c.error} />
      </section>
    );
  const { account, request } = c.data;
  const granted = request.grants.filter((g) => g.status === 'active');
  return (
    <>
      <p>
        <Link to="/admin/support">{t('support.console.back')}</Link>
      </p>
      <h1>{t('support.console.caseHeading', { topic: t(`support.topics.${request.topic}`) })}</h1>
      <p className="muted">{t('support.console.logged')}</p>
      <section className="card" aria-labelledby="support-account">
        <h2 id="support-account">{t('support.console.account')}</h2>
        <dl data-testid="support-account">
          <dt>{t('support.console.email')}</dt>
          <dd>{account.email}</dd>
          <dt>{t('support.console.name')}</dt>
          <dd>{account.displayName}</dd>
          <dt>{t('support.console.locale')}</dt>
          <dd>
            {account.locale} · {account.timeZone}
          </dd>
        </dl>
        <h3>{t('support.console.devices')}</h3>
        {account.devices.length === 0 && <p className="muted">{t('support.console.noDevices')}</p>}
        <ul className="request-list">
          {account.devices.map((d) => (
            <li key={d.id}>
              {d.name} ({d.modelId}) · {t('support.console.firmware', { version: d.firmware })} ·{' '}
              {d.lastSyncAt
                ? t('support.console.lastSync', { date: format.dateTime(d.lastSyncAt) })
                : t('support.console.neverSynced')}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="support-console-thread">
        <h2 id="support-console-thread">{t('support.thread')}</h2>
        <SupportThread
          messages={request.messages}
          open
          authors="support.console.authors"
          reply={{
            send: (message, done) => act.mutate({ path: 'messages', body: { message } }, { onSuccess: done }),
            busy: act.isPending,
            error: act.error,
          }}
        />
      </section>
      <section className="card" aria-labelledby="support-console-access">
        <h2 id="support-console-access">{t('support.access.title')}</h2>
        <ul className="request-list" data-testid="support-console-grants">
          {request.grants.map((g) => (
            <li key={g.id} data-status={g.status}>
              {t('support.console.asked', { categories: g.askedCategories.map(label).join(', ') })} —{' '}
              {t(`support.console.statuses.${g.status}`, {
                categories: g.categories.map(label).join(', '),
                until: g.expiresAt ? format.dateTime(g.expiresAt) : '',
              })}
            </li>
          ))}
        </ul>
        <AskForm userId={userId} id={id} />
      </section>
      {granted.length > 0 && (
        <GrantedData userId={userId} id={id} categories={granted.flatMap((g) => g.categories)} />
      )}
      <section className="card">
        <FormError error={act.error} />
        <button type="button" className="button" onClick={() => act.mutate({ path: 'close' })}>
          {t('support.console.close')}
        </button>
      </section>
    </>
  );
}

function AskForm({ userId, id }: { userId: string; id: string }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const reasonId = useId();
  const ask = useSupportConsoleAction(userId, id);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate({ path: 'asks', body: { categories: chosen, reason } }, { onSuccess: () => setReason('') });
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset className="choice">
        <legend>{t('support.console.askFor')}</legend>
        {supportDataCategories.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={chosen.includes(c)}
              onChange={() => setChosen(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c])}
            />{' '}
            {label(c)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={reasonId}>{t('support.console.reason')}</label>
        <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </div>
      <FormError error={ask.error} />
      <SubmitButton busy={ask.isPending}>{t('support.console.ask')}</SubmitButton>
    </form>
  );
}

/** What the user granted: one metric's readings at a time, each view a read in the user's access log. */
function GrantedData({ userId, id, categories }: { userId: string; id: string; categories: string[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const metricId = useId();
  const metricName = useMetricName();
  const measure = useMeasureFormat();
  const metrics = metricsOfCategories(categories);
  const [metric, setMetric] = useState<string | null>(null);
  const readings = useSupportReadings(userId, id, metric);
  return (
    <section className="card" aria-labelledby="support-granted">
      <h2 id="support-granted">{t('support.console.granted')}</h2>
      {metrics.length > 0 && (
        <div className="field">
          <label htmlFor={metricId}>{t('support.console.metric')}</label>
          <select id={metricId} value={metric ?? ''} onChange={(e) => setMetric(e.target.value || null)}>
            <option value="">{t('support.console.pickMetric')}</option>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {metricName(m)}
              </option>
            ))}
          </select>
        </div>
      )}
      <FormError error={readings.error} />
      {readings.data && readings.data.items.length === 0 && (
        <p className="muted">{t('support.console.noReadings')}</p>
      )}
      {readings.data && readings.data.items.length > 0 && (
        <ul className="request-list" data-testid="support-readings">
          {readings.data.items.map((r) => (
            <li key={r.id}>
              {format.dateTime(r.takenAt)}:{' '}
              {r.measures.map((m) => `${metricName(m.metric)} ${measure(m.metric, m.value)}`).join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
