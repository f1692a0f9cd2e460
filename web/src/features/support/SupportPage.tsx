import { type SupportTopic, supportTopics } from '@vitalbase/core/support';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { FormError, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useDevices } from '../devices/queries';
import { useOpenSupportRequest, useSupportRequests } from './queries';

/**
 * Support (issue #16, P11): open a request (topic, message, optionally one of one's devices), and the
 * list of one's requests. Support sees the account's metadata while a request is open; anything more
 * only if the user grants it on the request's page.
 */
export function SupportPage() {
  const { t } = useTranslation();
  useTitle(t('support.title'));
  const format = useFormat();
  const requests = useSupportRequests();
  return (
    <>
      <h1>{t('support.title')}</h1>
      <NewRequestForm />
      <section className="card" aria-labelledby="support-mine">
        <h2 id="support-mine">{t('support.mine')}</h2>
        <FormError error={requests.error} />
        {requests.data?.requests.length === 0 && <p className="muted">{t('support.none')}</p>}
        {requests.data && requests.data.requests.length > 0 && (
          <ul className="request-list" data-testid="support-requests">
            {requests.data.requests.map((r) => (
              <li key={r.id}>
                <Link to={`/support/${r.id}`}>{t(`support.topics.${r.topic}`)}</Link> —{' '}
                {t(`support.states.${r.state}`)}
                <br />
                <span className="muted">{t('support.openedOn', { date: format.dateTime(r.createdAt) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function NewRequestForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = { topic: useId(), message: useId(), device: useId() };
  const [topic, setTopic] = useState<SupportTopic>('device');
  const [message, setMessage] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const devices = useDevices();
  const open = useOpenSupportRequest();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate(
      { topic, message, ...(deviceId ? { deviceId } : {}) },
      { onSuccess: (request) => navigate(`/support/${request.id}`) },
    );
  };
  const paired = devices.data?.filter((d) => d.status === 'paired') ?? [];
  return (
    <section className="card" aria-labelledby="support-new">
      <h2 id="support-new">{t('support.newTitle')}</h2>
      <p className="muted">{t('support.intro')}</p>
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.topic}>{t('support.topic')}</label>
          <select id={ids.topic} value={topic} onChange={(e) => setTopic(e.target.value as SupportTopic)}>
            {supportTopics.map((k) => (
              <option key={k} value={k}>
                {t(`support.topics.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {paired.length > 0 && (
          <div className="field">
            <label htmlFor={ids.device}>{t('support.device')}</label>
            <select id={ids.device} value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
              <option value="">{t('support.noDevice')}</option>
              {paired.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.message}>{t('support.message')}</label>
          <textarea
            id={ids.message}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            rows={4}
            maxLength={5000}
            required
          />
          <p className="hint">{t('support.messageHint')}</p>
        </div>
        <FormError error={open.error} />
        <SubmitButton busy={open.isPending}>{t('support.send')}</SubmitButton>
      </form>
    </section>
  );
}
