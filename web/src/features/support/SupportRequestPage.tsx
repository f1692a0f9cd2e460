import { SUPPORT_GRANT_MAX_DAYS, type SupportDataCategory, type SupportGrant } from '@vitalbase/core/support';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormError, Notice, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useDevices } from '../devices/queries';
import {
  useAnswerSupportAsk,
  useCloseSupportRequest,
  useGrantSupport,
  useReplyToSupport,
  useSupportRequest,
} from './queries';
import { SupportThread } from './SupportThread';
import { useCategoryLabel } from './category-label';

/** One support request: the thread, support's asks for access and the user's answers, closing. */
export function SupportRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const request = useSupportRequest(id);
  const reply = useReplyToSupport(id);
  const close = useCloseSupportRequest(id);
  useTitle(t('support.requestTitle'));
  if (request.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (request.isError) return <FormError error={request.error} />;
  const r = request.data;
  const open = r.state === 'open';
  return (
    <>
      <p>
        <Link to="/support">{t('support.back')}</Link>
      </p>
      <h1>{t('support.requestHeading', { topic: t(`support.topics.${r.topic}`) })}</h1>
      <p className="muted" data-testid="support-state">
        {t(`support.states.${r.state}`)}
      </p>
      <section className="card" aria-labelledby="support-access">
        <h2 id="support-access">{t('support.access.title')}</h2>
        <p className="muted">{t('support.access.intro')}</p>
        {r.grants.length === 0 && <p className="muted">{t('support.access.none')}</p>}
        {r.grants.map((g) => (
          <GrantCard key={g.id} requestId={r.id} grant={g} />
        ))}
      </section>
      <section className="card" aria-labelledby="support-thread-title">
        <h2 id="support-thread-title">{t('support.thread')}</h2>
        <SupportThread
          messages={r.messages}
          open={open}
          reply={{
            send: (m, done) => reply.mutate(m, { onSuccess: done }),
            busy: reply.isPending,
            error: reply.error,
          }}
        />
        {open && (
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={close.isPending}
              onClick={() => close.mutate(undefined)}
            >
              {t('support.close')}
            </button>
            <p className="hint">{t('support.closeHint')}</p>
            <FormError error={close.error} />
          </div>
        )}
      </section>
    </>
  );
}

/** One ask of support's: the form to grant it (what, which devices, how long), or where it stands. */
function GrantCard({ requestId, grant }: { requestId: string; grant: SupportGrant }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCategoryLabel();
  const answer = useAnswerSupportAsk(requestId);
  return (
    <div className="support-grant" data-testid="support-grant" data-status={grant.status}>
      <p>
        <strong>
          {t('support.access.asked', { categories: grant.askedCategories.map(label).join(', ') })}
        </strong>
        <br />
        {t('support.access.reason')} {grant.askedReason}
      </p>
      {grant.status === 'asked' ? (
        <GrantForm requestId={requestId} grant={grant} />
      ) : (
        <p>
          {t(`support.access.statuses.${grant.status}`, {
            categories: grant.categories.map(label).join(', '),
            until: grant.expiresAt ? format.dateTime(grant.expiresAt) : '',
          })}
        </p>
      )}
      {grant.status === 'active' && (
        <button
          type="button"
          className="button"
          disabled={answer.isPending}
          onClick={() => answer.mutate({ grantId: grant.id, action: 'revoke' })}
        >
          {t('support.access.revoke')}
        </button>
      )}
      <FormError error={answer.error} />
    </div>
  );
}

function GrantForm({ requestId, grant }: { requestId: string; grant: SupportGrant }) {
  const { t } = useTranslation();
  const label = useCategoryLabel();
  const devices = useDevices();
  const give = useGrantSupport(requestId);
  const decline = useAnswerSupportAsk(requestId);
  const asked = grant.askedCategories as SupportDataCategory[];
  const [chosen, setChosen] = useState(asked);
  const [deviceIds, setDeviceIds] = useState<string[]>([]);
  const [days, setDays] = useState(SUPPORT_GRANT_MAX_DAYS);
  const toggle = <T extends string>(list: T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const diagnostics = chosen.includes('diagnostics');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    give.mutate({
      grantId: grant.id,
      body: { categories: chosen, deviceIds: diagnostics ? deviceIds : [], days },
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset className="choice">
        <legend>{t('support.access.choose')}</legend>
        {asked.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={chosen.includes(c)}
              onChange={() => setChosen(toggle(chosen, c))}
            />{' '}
            {label(c)}
          </label>
        ))}
      </fieldset>
      {diagnostics && (
        <fieldset className="choice">
          <legend>{t('support.access.devices')}</legend>
          {(devices.data ?? []).map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                checked={deviceIds.includes(d.id)}
                onChange={() => setDeviceIds(toggle(deviceIds, d.id))}
              />{' '}
              {d.name}
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`days-${grant.id}`}>{t('support.access.days')}</label>
        <select id={`days-${grant.id}`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {Array.from({ length: SUPPORT_GRANT_MAX_DAYS }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {t('support.access.dayCount', { count: n })}
            </option>
          ))}
        </select>
        <p className="hint">{t('support.access.daysHint')}</p>
      </div>
      <Notice>{t('support.access.logged')}</Notice>
      <FormError error={give.error ?? decline.error} />
      <div className="actions">
        <SubmitButton busy={give.isPending}>{t('support.access.grant')}</SubmitButton>{' '}
        <button
          type="button"
          className="button"
          disabled={decline.isPending}
          onClick={() => decline.mutate({ grantId: grant.id, action: 'decline' })}
        >
          {t('support.access.decline')}
        </button>
      </div>
    </form>
  );
}
