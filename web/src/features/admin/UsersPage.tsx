import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { useUserLookup } from './queries';

/**
 * One account by its exact email or id (issue #16): its metadata, never its health data. The purpose
 * typed here is recorded with the read in the user's "who accessed my data".
 */
export function UsersPage() {
  const { t } = useTranslation();
  useTitle(t('admin.users.title'));
  const lookup = useUserLookup();
  const { dateTime } = useFormat();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    lookup.mutate({ query: v.query ?? '', purpose: v.purpose ?? '' });
  };
  const u = lookup.data;
  return (
    <section className="card">
      <h1>{t('admin.users.title')}</h1>
      <p className="muted">{t('admin.users.intro')}</p>
      <form onSubmit={onSubmit}>
        <Field name="query" label={t('admin.users.query')} required minLength={3} autoComplete="off" />
        <Field
          name="purpose"
          label={t('admin.users.purpose')}
          hint={t('admin.users.purposeHint')}
          required
          minLength={3}
        />
        <FormError error={lookup.error} />
        <SubmitButton busy={lookup.isPending}>{t('admin.users.find')}</SubmitButton>
      </form>
      {u && (
        <dl className="facts" aria-label={t('admin.users.result')}>
          <dt>{t('admin.users.name')}</dt>
          <dd>{u.displayName}</dd>
          <dt>{t('admin.users.email')}</dt>
          <dd>
            {u.email} {u.emailVerified ? '' : `(${t('admin.users.unverified')})`}
          </dd>
          <dt>{t('admin.users.id')}</dt>
          <dd>
            <code>{u.id}</code>
          </dd>
          <dt>{t('admin.users.state')}</dt>
          <dd>{t(`admin.users.states.${u.state}`, { defaultValue: u.state })}</dd>
          <dt>{t('admin.users.created')}</dt>
          <dd>{dateTime(u.createdAt)}</dd>
          <dt>{t('admin.users.lastActive')}</dt>
          <dd>{dateTime(u.lastActiveAt)}</dd>
        </dl>
      )}
    </section>
  );
}
