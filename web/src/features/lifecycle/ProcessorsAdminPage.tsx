import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useAddProcessor, useAdminProcessors, useRemoveProcessor } from './queries';

/** The processors and transfers register (P25): shown to every user in the privacy center. */
export function ProcessorsAdminPage() {
  const { t } = useTranslation();
  useTitle(t('lifecycle.admin.processors'));
  const list = useAdminProcessors();
  const add = useAddProcessor();
  const remove = useRemoveProcessor();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    add.mutate(
      {
        name: v.name ?? '',
        purpose: v.purpose ?? '',
        country: v.country ?? '',
        safeguard: v.safeguard ?? '',
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="card">
      <h1>{t('lifecycle.admin.processors')}</h1>
      <FormError error={list.error ?? remove.error} />
      {list.data?.processors.length === 0 && <p>{t('lifecycle.processors.none')}</p>}
      <ul className="item-list">
        {list.data?.processors.map((p) => (
          <li key={p.id} className="item">
            <strong>{p.name}</strong>
            <p>
              {p.purpose} · {p.country} · {p.safeguard}
            </p>
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate(p.id)}
              aria-label={t('lifecycle.admin.removeLabel', { name: p.name })}
            >
              {t('common.remove')}
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('lifecycle.admin.addProcessor')}</h2>
      <form onSubmit={onSubmit}>
        <Field name="name" label={t('lifecycle.processors.name')} required />
        <Field name="purpose" label={t('lifecycle.processors.purpose')} required />
        <Field name="country" label={t('lifecycle.processors.country')} required />
        <Field
          name="safeguard"
          label={t('lifecycle.processors.safeguard')}
          hint={t('lifecycle.admin.safeguardHint')}
          required
        />
        <FormError error={add.error} />
        <SubmitButton busy={add.isPending}>{t('lifecycle.admin.addButton')}</SubmitButton>
      </form>
    </section>
  );
}
