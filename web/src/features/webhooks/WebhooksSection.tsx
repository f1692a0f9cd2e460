import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, Notice, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import type { DeveloperApp } from '../developer-apps/developer-apps-api';
import {
  deliveriesKey,
  getDeliveries,
  getWebhook,
  removeWebhook,
  rotateWebhookSecret,
  saveWebhook,
  type WebhookEvent,
  webhookEvents,
  webhookKey,
} from './webhooks-api';

/** The signing secret, shown this once (when the endpoint is first set or the secret rotated). */
function WebhookSecretNotice({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warning">
      <p>{t('webhooks.secretOnce')}</p>
      <p>
        <code data-testid="webhook-secret">{secret}</code>
      </p>
    </Notice>
  );
}

/**
 * One app's webhooks on the developer page: the endpoint (https URL and events), its signing secret,
 * and the delivery log of Withings-style callbacks and webhooks, newest first.
 */
export function WebhooksSection({ app }: { app: DeveloperApp }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string>();
  const settings = useQuery({ queryKey: webhookKey(app.clientId), queryFn: () => getWebhook(app.clientId) });
  const current = settings.data?.webhook ?? null;
  const [events, setEvents] = useState<WebhookEvent[] | undefined>();
  const chosen = events ?? current?.events ?? [...webhookEvents];

  const save = useMutation({
    mutationFn: (url: string) => saveWebhook(app.clientId, { url, events: chosen }),
    onSuccess: (saved) => {
      if (saved.secret) setSecret(saved.secret);
      queryClient.setQueryData(webhookKey(app.clientId), { webhook: { ...saved, secret: undefined } });
    },
  });
  const remove = useMutation({
    mutationFn: () => removeWebhook(app.clientId),
    onSuccess: () => {
      setSecret(undefined);
      queryClient.setQueryData(webhookKey(app.clientId), { webhook: null });
    },
  });
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(app.clientId),
    onSuccess: (r) => setSecret(r.secret),
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const url = String(new FormData(e.currentTarget).get('url') ?? '').trim();
    save.mutate(url);
  };
  const toggle = (event: WebhookEvent) =>
    setEvents(chosen.includes(event) ? chosen.filter((x) => x !== event) : [...chosen, event]);
  const errors = fieldErrorsOf(save.error);

  return (
    <section aria-labelledby={`webhooks-${app.clientId}`}>
      <h4 id={`webhooks-${app.clientId}`}>{t('webhooks.title')}</h4>
      <p className="hint">{t('webhooks.intro')}</p>
      {secret && <WebhookSecretNotice secret={secret} />}
      <form onSubmit={onSubmit} noValidate>
        <Field
          name="url"
          type="url"
          label={t('webhooks.url')}
          hint={t('webhooks.urlHint')}
          defaultValue={current?.url ?? ''}
          key={current?.url ?? 'none'}
          error={errors.url}
          required
        />
        <fieldset>
          <legend>{t('webhooks.events')}</legend>
          {webhookEvents.map((event) => (
            <label key={event} style={{ display: 'block' }}>
              <input type="checkbox" checked={chosen.includes(event)} onChange={() => toggle(event)} />{' '}
              <code>{event}</code> — {t(`webhooks.event.${event.replace('.', '_')}`)}
            </label>
          ))}
        </fieldset>
        <FormError error={save.error ?? remove.error ?? rotate.error} />
        <div className="actions">
          <SubmitButton busy={save.isPending}>{t('webhooks.save')}</SubmitButton>
          {current && (
            <>
              <button
                type="button"
                className="button"
                onClick={() => rotate.mutate()}
                disabled={rotate.isPending}
              >
                {t('webhooks.rotate')}
              </button>
              <button
                type="button"
                className="button danger"
                onClick={() => remove.mutate()}
                disabled={remove.isPending}
              >
                {t('webhooks.remove')}
              </button>
            </>
          )}
        </div>
      </form>
      <DeliveryLog clientId={app.clientId} />
    </section>
  );
}

/** The delivery log: each callback or webhook, its status and every attempt (no health data in it). */
function DeliveryLog({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const log = useInfiniteQuery({
    queryKey: deliveriesKey(clientId),
    queryFn: ({ pageParam }) => getDeliveries(clientId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <h5>{t('webhooks.log.title')}</h5>
      <FormError error={log.error} />
      {log.isSuccess && items.length === 0 && <p>{t('webhooks.log.empty')}</p>}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.log.when')}</th>
              <th scope="col">{t('webhooks.log.event')}</th>
              <th scope="col">{t('webhooks.log.status')}</th>
              <th scope="col">{t('webhooks.log.attempts')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-delivery-status={d.status}>
                <td>{dateTime(d.createdAt)}</td>
                <td>
                  <code>{d.event}</code>
                </td>
                <td>
                  {t(`webhooks.status.${d.status}`)}
                  {d.status === 'pending' && d.nextAttemptAt && (
                    <> · {t('webhooks.log.nextAttempt', { when: dateTime(d.nextAttemptAt) })}</>
                  )}
                </td>
                <td>
                  {d.attemptLog.map((a) => (
                    <span key={a.attempt} style={{ display: 'block' }}>
                      {t('webhooks.log.attempt', {
                        n: a.attempt,
                        result: a.statusCode ?? a.error ?? '—',
                        ms: a.durationMs,
                      })}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={() => log.refetch()} disabled={log.isFetching}>
          {t('webhooks.log.refresh')}
        </button>
        {log.hasNextPage && (
          <button
            type="button"
            className="button"
            onClick={() => log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {t('webhooks.log.more')}
          </button>
        )}
      </div>
    </div>
  );
}
