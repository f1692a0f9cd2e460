import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, Notice, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { formatMeasure } from '../health/units';
import { useUnits } from '../health/use-units';
import {
  useAcceptHousehold,
  useClaimInboxItem,
  useCreateHousehold,
  useDiscardInboxItem,
  useHousehold,
  useInbox,
  useInviteToHousehold,
} from './queries';

/** The household sharing a scale: members, invitations, and weigh-ins the scale could not attribute. */
export function HouseholdSection() {
  const { t } = useTranslation();
  const household = useHousehold();
  const create = useCreateHousehold();
  const invite = useInviteToHousehold();
  const accept = useAcceptHousehold();
  const h = household.data?.household;
  const onCreate = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate(formValues(e.currentTarget).name?.trim() ?? '');
  };
  const onInvite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    invite.mutate(formValues(e.currentTarget).email?.trim() ?? '');
  };
  return (
    <section className="card" aria-labelledby="household">
      <h2 id="household">{t('household.title')}</h2>
      <FormError error={household.error ?? accept.error} />
      {household.data?.memberships.map((m) => (
        <p key={m.ownerUserId}>
          {t('household.memberOf', { name: m.householdName, owner: m.ownerDisplayName })}{' '}
          {m.status === 'invited' && (
            <button type="button" className="button" onClick={() => accept.mutate(m.ownerUserId)}>
              {t('household.accept')}
            </button>
          )}
        </p>
      ))}
      {household.data && !h && (
        <form onSubmit={onCreate}>
          <p>{t('household.none')}</p>
          <Field label={t('household.name')} name="name" required />
          <FormError error={create.error} />
          <SubmitButton busy={create.isPending}>{t('household.create')}</SubmitButton>
        </form>
      )}
      {h && (
        <>
          <h3>{h.name}</h3>
          <ul className="item-list">
            {h.members.map((m) => (
              <li key={m.userId} className="item">
                {m.displayName}{' '}
                <span className="tag">{t(`household.status.${m.status}`, { defaultValue: m.status })}</span>
              </li>
            ))}
          </ul>
          <form onSubmit={onInvite}>
            <Field label={t('household.inviteEmail')} name="email" type="email" required autoComplete="off" />
            <FormError error={invite.error} />
            {invite.isSuccess && <Notice tone="success">{t('household.invited')}</Notice>}
            <SubmitButton busy={invite.isPending}>{t('household.invite')}</SubmitButton>
          </form>
        </>
      )}
      <InboxList />
    </section>
  );
}

function InboxList() {
  const { t } = useTranslation();
  const { dateTime, locale } = useFormat();
  const prefs = useUnits();
  const inbox = useInbox();
  const claim = useClaimInboxItem();
  const discard = useDiscardInboxItem();
  return (
    <>
      <h3>{t('household.inbox')}</h3>
      <p className="muted">{t('household.inboxHelp')}</p>
      <FormError error={inbox.error ?? claim.error ?? discard.error} />
      {inbox.data && inbox.data.length === 0 && <p className="muted">{t('household.inboxEmpty')}</p>}
      <ul className="item-list" data-testid="inbox">
        {inbox.data?.map((i) => (
          <li key={i.id} className="item">
            <span>
              {dateTime(i.takenAt)}: <strong>{formatMeasure('weight', i.weightKg, prefs, locale)}</strong>{' '}
              <span className="tag">{t(`household.reason.${i.reason}`)}</span>
            </span>
            <span className="actions">
              <button
                type="button"
                className="button"
                onClick={() => claim.mutate(i.id)}
                disabled={claim.isPending}
              >
                {t('household.claim')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => discard.mutate(i.id)}
                disabled={discard.isPending}
              >
                {t('household.discard')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
