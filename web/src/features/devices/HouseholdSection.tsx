import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmPrompt } from '../../components/ConfirmPrompt';
import { Field, FormError, formValues, Notice, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { formatMeasure } from '../health/units';
import { useUnits } from '../health/use-units';
import {
  type Household,
  useAcceptHousehold,
  useClaimInboxItem,
  useCreateHousehold,
  useDiscardInboxItem,
  useHousehold,
  useInbox,
  useInviteToHousehold,
  useLeaveHousehold,
  useRemoveHouseholdMember,
} from './queries';

/**
 * The household sharing a scale: the one I own (rename, invite, remove members) and the ones I belong
 * to (accept, leave), and weigh-ins the scale could not attribute. Removing and leaving ask first.
 */
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
        <Membership key={m.ownerUserId} membership={m} onAccept={() => accept.mutate(m.ownerUserId)} />
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
          <ul className="item-list" aria-label={t('household.members')}>
            {h.members.map((m) => (
              <Member key={m.userId} member={m} />
            ))}
          </ul>
          <div className="split">
            <form onSubmit={onCreate}>
              <Field label={t('household.rename')} name="name" defaultValue={h.name} required />
              <FormError error={create.error} />
              {create.isSuccess && <Notice tone="success">{t('household.renamed')}</Notice>}
              <SubmitButton busy={create.isPending}>{t('household.saveName')}</SubmitButton>
            </form>
            <form onSubmit={onInvite}>
              <Field
                label={t('household.inviteEmail')}
                name="email"
                type="email"
                required
                autoComplete="off"
              />
              <FormError error={invite.error} />
              {invite.isSuccess && <Notice tone="success">{t('household.invited')}</Notice>}
              <SubmitButton busy={invite.isPending}>{t('household.invite')}</SubmitButton>
            </form>
          </div>
        </>
      )}
      <InboxList />
    </section>
  );
}

/** A household I belong to or was invited to: accept, decline or leave (asked first). */
function Membership({
  membership: m,
  onAccept,
}: {
  membership: Household['memberships'][number];
  onAccept: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const leave = useLeaveHousehold();
  const leaveLabel = m.status === 'invited' ? t('household.decline') : t('household.leave');
  return (
    <div className="membership">
      <p>
        {t('household.memberOf', { name: m.householdName, owner: m.ownerDisplayName })}{' '}
        <span className="tag">{t(`household.status.${m.status}`, { defaultValue: m.status })}</span>
      </p>
      <FormError error={leave.error} />
      {confirming ? (
        <ConfirmPrompt
          statement={t('household.leaveStatement', { name: m.householdName })}
          confirm={leaveLabel}
          cancel={t('devices.cancel')}
          busy={leave.isPending}
          onConfirm={() => leave.mutate(m.ownerUserId)}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="actions">
          {m.status === 'invited' && (
            <button type="button" className="button primary" onClick={onAccept}>
              {t('household.accept')}
            </button>
          )}
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {leaveLabel}
          </button>
        </div>
      )}
    </div>
  );
}

/** A person of my household; the owner (me) removes the others, after a confirmation. */
function Member({ member: m }: { member: NonNullable<Household['household']>['members'][number] }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const remove = useRemoveHouseholdMember();
  return (
    <li className="item">
      <span>
        {m.displayName}{' '}
        <span className="tag">{t(`household.status.${m.status}`, { defaultValue: m.status })}</span>
      </span>
      {m.status !== 'owner' &&
        (confirming ? (
          <ConfirmPrompt
            statement={t('household.removeStatement', { name: m.displayName })}
            confirm={t('household.removeConfirm')}
            cancel={t('devices.cancel')}
            busy={remove.isPending}
            onConfirm={() => remove.mutate(m.userId)}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {t('household.remove')}
            <span className="visually-hidden"> ({m.displayName})</span>
          </button>
        ))}
      <FormError error={remove.error} />
    </li>
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
