import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useDisclosures, useRecordDisclosure } from './queries';
import { when } from './when';

const instant = (local?: string) => (local ? new Date(local).toISOString() : undefined);

/** Legal disclosures (privacy officer, P10): the register, recording one, the archive for it. */
export function DisclosuresAdminPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('lifecycle.admin.disclosures'));
  const list = useDisclosures();
  const record = useRecordDisclosure();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    record.mutate(
      {
        user: v.user ?? '',
        caseRef: v.caseRef ?? '',
        authority: v.authority ?? '',
        legalBasis: v.legalBasis ?? '',
        scope: (v.scope ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        requestedAt: instant(v.requestedAt) ?? '',
        disclosedAt: instant(v.disclosedAt),
        disclosed: v.disclosed ?? '',
        noticeForbidden: (v.noticeForbidden ?? 'no') as 'no',
        noticeAllowedFrom: instant(v.noticeAllowedFrom),
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card">
      <h1>{t('lifecycle.admin.disclosures')}</h1>
      <FormError error={list.error} />
      {list.data?.disclosures.length === 0 && <p>{t('lifecycle.admin.noDisclosures')}</p>}
      <ul className="item-list">
        {list.data?.disclosures.map((d) => (
          <li key={d.id} className="item">
            <strong>
              {d.caseRef} · {d.authority}
            </strong>
            <p>
              {d.legalBasis} — {d.scope.join(', ')}
            </p>
            <p className="muted">
              {t('lifecycle.admin.requested', { date: when(d.requestedAt, i18n.language) })} ·{' '}
              {d.notifiedAt
                ? t('lifecycle.admin.told', { date: when(d.notifiedAt, i18n.language) })
                : t(`lifecycle.admin.notice.${d.noticeForbidden}`)}
            </p>
            <a className="button" href={`/api/admin/disclosures/${d.id}/export`} download>
              {t('lifecycle.admin.export')}
            </a>
          </li>
        ))}
      </ul>
      <h2>{t('lifecycle.admin.record')}</h2>
      <form onSubmit={onSubmit}>
        <Field name="user" label={t('lifecycle.admin.user')} required autoComplete="off" />
        <Field name="caseRef" label={t('lifecycle.admin.caseRef')} required />
        <Field name="authority" label={t('lifecycle.admin.authority')} required />
        <Field name="legalBasis" label={t('lifecycle.admin.legalBasis')} required />
        <Field
          name="scope"
          label={t('lifecycle.admin.scope')}
          hint={t('lifecycle.admin.scopeHint')}
          required
        />
        <Field name="requestedAt" type="datetime-local" label={t('lifecycle.admin.requestedAt')} required />
        <Field name="disclosedAt" type="datetime-local" label={t('lifecycle.admin.disclosedAt')} />
        <Field name="disclosed" label={t('lifecycle.admin.disclosed')} />
        <SelectField name="noticeForbidden" label={t('lifecycle.admin.noticeForbidden')} defaultValue="no">
          {(['no', 'until_date', 'indefinitely'] as const).map((n) => (
            <option key={n} value={n}>
              {t(`lifecycle.admin.notice.${n}`)}
            </option>
          ))}
        </SelectField>
        <Field
          name="noticeAllowedFrom"
          type="datetime-local"
          label={t('lifecycle.admin.noticeAllowedFrom')}
        />
        <FormError error={record.error} />
        <SubmitButton busy={record.isPending}>{t('lifecycle.admin.recordButton')}</SubmitButton>
      </form>
    </section>
  );
}
