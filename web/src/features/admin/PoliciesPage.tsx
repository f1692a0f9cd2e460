import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useFormat } from '../../i18n/format';
import { usePolicies, usePublishPolicy } from './queries';

/**
 * Policy versions (privacy officer): which one is in force, and publishing the next (`vitalbase
 * policy publish`'s service: a major version at least 30 days ahead, announced in the app and by mail).
 */
export function PoliciesPage() {
  const { t } = useTranslation();
  useTitle(t('admin.policies.title'));
  const policies = usePolicies();
  const publish = usePublishPolicy();
  const { date } = useFormat();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    publish.mutate(
      {
        document: v.document as 'privacy' | 'terms',
        version: v.version ?? '',
        effectiveDate: v.effectiveDate ?? '',
        summary: v.summary ?? '',
        major: v.major === 'on',
        markdown: v.markdown ?? '',
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card">
      <h1>{t('admin.policies.title')}</h1>
      <FormError error={policies.error} />
      {policies.data?.documents.map((d) => (
        <div key={d.document}>
          <h2>{t(`admin.policies.documents.${d.document}`)}</h2>
          <p>{t('admin.policies.inForce', { version: d.inForce ?? '—' })}</p>
          <ul>
            {d.versions.map((v) => (
              <li key={v.version}>
                {v.version} · {date(v.effectiveDate)} {v.major && `· ${t('admin.policies.majorShort')}`} ·{' '}
                {v.summary}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <h2>{t('admin.policies.publish')}</h2>
      <form onSubmit={onSubmit}>
        <SelectField name="document" label={t('admin.policies.document')} defaultValue="privacy">
          <option value="privacy">{t('admin.policies.documents.privacy')}</option>
          <option value="terms">{t('admin.policies.documents.terms')}</option>
        </SelectField>
        <Field name="version" label={t('admin.policies.version')} required />
        <Field name="effectiveDate" type="date" label={t('admin.policies.effective')} required />
        <Field name="summary" label={t('admin.policies.summary')} required minLength={3} />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="major" /> {t('admin.policies.major')}
          </label>
        </div>
        <div className="field">
          <label htmlFor="policy-markdown">{t('admin.policies.text')}</label>
          <textarea id="policy-markdown" name="markdown" rows={8} required minLength={20} />
        </div>
        <FormError error={publish.error} />
        {publish.isSuccess && (
          <p role="status">{t('admin.policies.published', { version: publish.data.version })}</p>
        )}
        <SubmitButton busy={publish.isPending}>{t('admin.policies.publishButton')}</SubmitButton>
      </form>
    </section>
  );
}
