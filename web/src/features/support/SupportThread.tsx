import type { SupportMessage } from '@vitalbase/core/support';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';

/** A request's messages, oldest first, and a reply box (the user's page and the console's). */
export function SupportThread({
  messages,
  open,
  reply,
  authors = 'support.authors',
}: {
  messages: SupportMessage[];
  open: boolean;
  /** The key of the authors' names: 'You'/'Support' for the user, 'The user'/'Support' in the console. */
  authors?: string;
  reply: { send: (message: string, done: () => void) => void; busy: boolean; error: unknown };
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [message, setMessage] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    reply.send(message, () => setMessage(''));
  };
  return (
    <>
      <ul className="request-list" data-testid="support-thread">
        {messages.map((m) => (
          <li key={m.id} className={`support-message support-message-${m.author}`}>
            <span className="muted">
              {t(`${authors}.${m.author}`)} · {format.dateTime(m.createdAt)}
            </span>
            <p className="request-message">{m.body}</p>
          </li>
        ))}
      </ul>
      {open && (
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={id}>{t('support.reply')}</label>
            <textarea
              id={id}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              rows={3}
              maxLength={5000}
            />
          </div>
          <FormError error={reply.error} />
          <SubmitButton busy={reply.busy}>{t('support.sendReply')}</SubmitButton>
        </form>
      )}
    </>
  );
}
