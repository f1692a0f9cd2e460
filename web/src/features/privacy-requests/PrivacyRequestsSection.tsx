import { type PrivacyRequestKind, privacyRequestKinds } from '@vitalbase/core/privacy-requests';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, Notice, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useFilePrivacyRequest, usePrivacyRequests } from './queries';

/**
 * "My requests" (P8, P20): what the user cannot do in the app themselves goes to the operator, who
 * answers within one month. Objecting to a consent purpose is simply withdrawing it, above.
 */
export function PrivacyRequestsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const kindId = useId();
  const messageId = useId();
  const [kind, setKind] = useState<PrivacyRequestKind>('rectification');
  const [message, setMessage] = useState('');
  const requests = usePrivacyRequests();
  const file = useFilePrivacyRequest({ onSuccess: () => setMessage('') });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    file.mutate({ kind, message });
  };
  return (
    <section className="card" id="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('privacyRequests.title')}</h2>
      <p className="muted">{t('privacyRequests.intro')}</p>
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={kindId}>{t('privacyRequests.kind')}</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as PrivacyRequestKind)}>
            {privacyRequestKinds.map((k) => (
              <option key={k} value={k}>
                {t(`privacyRequests.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {kind === 'objection' && (
          <Notice>
            {t('privacyRequests.objectionHint')}{' '}
            <a href="#consents-title">{t('privacyRequests.toConsents')}</a>
          </Notice>
        )}
        <div className="field">
          <label htmlFor={messageId}>{t('privacyRequests.message')}</label>
          <textarea
            id={messageId}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            rows={4}
            minLength={10}
            maxLength={5000}
            required
          />
          <p className="hint">{t('privacyRequests.messageHint')}</p>
        </div>
        <FormError error={file.error} />
        {file.isSuccess && (
          <Notice tone="success">{t('privacyRequests.filed', { date: format.date(file.data.dueOn) })}</Notice>
        )}
        <SubmitButton busy={file.isPending}>{t('privacyRequests.submit')}</SubmitButton>
      </form>
      <h3>{t('privacyRequests.mine')}</h3>
      <FormError error={requests.error} />
      {requests.data && requests.data.requests.length === 0 && (
        <p className="muted">{t('privacyRequests.none')}</p>
      )}
      {requests.data && requests.data.requests.length > 0 && (
        <ul className="request-list" data-testid="privacy-requests">
          {requests.data.requests.map((r) => (
            <li key={r.id}>
              <strong>{t(`privacyRequests.kinds.${r.kind}`)}</strong> —{' '}
              {t(`privacyRequests.statuses.${r.status}`)}
              {r.overdue && <> ({t('privacyRequests.overdue')})</>}
              <br />
              <span className="muted">
                {t('privacyRequests.dates', {
                  filed: format.dateTime(r.createdAt),
                  due: format.date(r.dueOn),
                })}
              </span>
              <p className="request-message">{r.message}</p>
              {r.answer && (
                <p className="request-answer">
                  {t('privacyRequests.answer', { date: format.dateTime(r.answeredAt) })} {r.answer}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
