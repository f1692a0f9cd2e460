import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { Field, FormError, fieldErrorsOf, Notice, SubmitButton } from './forms';

/** Whether an emailed link's page failed because the link expired or was used (410). */
export const isExpiredLink = (error: unknown) => error instanceof ApiError && error.status === 410;

/**
 * "Ask for a new one", as a form that does it: the address the link was sent to, and a button that
 * mails a new link. The answer is the same whether or not an account uses the address.
 */
export function AskForNewLink({
  send,
}: {
  send: { mutate: (email: string) => void; isPending: boolean; isSuccess: boolean; error: unknown };
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  if (send.isSuccess) return <Notice tone="success">{t('newLink.sent')}</Notice>;
  function submit(e: FormEvent) {
    e.preventDefault();
    send.mutate(email.trim());
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-link-title">
      <h2 id="new-link-title">{t('newLink.title')}</h2>
      <FormError error={send.error} />
      <Field
        label={t('fields.email')}
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldErrorsOf(send.error).email}
        required
      />
      <SubmitButton busy={send.isPending}>{t('newLink.send')}</SubmitButton>
    </form>
  );
}
