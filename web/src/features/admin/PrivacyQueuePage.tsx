import type { FormEvent } from 'react';
import { TableWrap } from '../health/views/TableWrap';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, formValues, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useAnswerPrivacyRequest, usePrivacyQueue, usePrivacyRequest } from './queries';

/**
 * The privacy request queue (P8, P20), oldest due first, without content; opening a request reads its
 * message and the user's name and address (recorded in the user's access log), where it is answered.
 */
export function PrivacyQueuePage() {
  const { t } = useTranslation();
  useTitle(t('admin.privacy.title'));
  const queue = usePrivacyQueue();
  const { date, dateTime } = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  const rows = queue.data?.requests ?? [];
  return (
    <section className="card">
      <h1>{t('admin.privacy.title')}</h1>
      <FormError error={queue.error} />
      {queue.isSuccess && rows.length === 0 && <p className="muted">{t('admin.privacy.none')}</p>}
      {rows.length > 0 && (
        <TableWrap label={t('admin.privacy.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.privacy.kind')}</th>
                <th scope="col">{t('admin.privacy.status')}</th>
                <th scope="col">{t('admin.privacy.filed')}</th>
                <th scope="col">{t('admin.privacy.due')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.privacy.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{t(`privacyRequests.kinds.${r.kind}`, { defaultValue: r.kind })}</td>
                  <td>{t(`privacyRequests.statuses.${r.status}`, { defaultValue: r.status })}</td>
                  <td>{dateTime(r.createdAt)}</td>
                  <td>
                    {date(r.dueOn)} {r.overdue && <strong>{t('admin.privacy.overdue')}</strong>}
                  </td>
                  <td>
                    <button type="button" className="button" onClick={() => setOpen(r.id)}>
                      {t('admin.privacy.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {open && <PrivacyRequestDetail key={open} id={open} onDone={() => setOpen(null)} />}
    </section>
  );
}

function PrivacyRequestDetail({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const request = usePrivacyRequest(id);
  const answer = useAnswerPrivacyRequest(id);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const status = v.status as 'in_progress' | 'done' | 'refused';
    answer.mutate({ status, message: v.message?.trim() || undefined }, { onSuccess: onDone });
  };
  const r = request.data;
  return (
    <div className="admin-detail">
      <h2>{t('admin.privacy.request')}</h2>
      <FormError error={request.error} />
      {r && (
        <>
          <p>
            {r.user.displayName} &lt;{r.user.email}&gt;
          </p>
          <blockquote className="request-message">{r.message}</blockquote>
          <form onSubmit={onSubmit}>
            <SelectField name="status" label={t('admin.privacy.newStatus')} defaultValue="in_progress">
              {(['in_progress', 'done', 'refused'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`privacyRequests.statuses.${s}`)}
                </option>
              ))}
            </SelectField>
            <div className="field">
              <label htmlFor={`answer-${id}`}>{t('admin.privacy.answer')}</label>
              <textarea id={`answer-${id}`} name="message" rows={4} maxLength={5000} />
            </div>
            <FormError error={answer.error} />
            <SubmitButton busy={answer.isPending}>{t('admin.privacy.send')}</SubmitButton>
          </form>
        </>
      )}
    </div>
  );
}
