import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import {
  Field,
  FormError,
  fieldErrorsOf,
  formValues,
  Notice,
  SelectField,
  SubmitButton,
} from '../../components/forms';
import { languages, setLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useUpdateProfile } from './queries';
import { TimeZoneField } from './TimeZoneField';

/** Identity data the user may change here; email and password have their own forms (they are checked). */
export function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useUpdateProfile({
    beforeShown: (body) => setLanguage(body.locale),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    save.mutate({
      displayName: v.displayName?.trim() ?? '',
      locale: v.locale ?? 'en',
      timeZone: v.timeZone?.trim() || me.timeZone,
    });
  }
  const errors = fieldErrorsOf(save.error);
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('account.profile')}</h2>
      <dl className="facts">
        <dt>{t('fields.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('fields.birthDate')}</dt>
        <dd>{format.date(me.birthDate)}</dd>
        <dt>{t('fields.country')}</dt>
        <dd>{new Intl.DisplayNames([format.locale], { type: 'region' }).of(me.country) ?? me.country}</dd>
      </dl>
      <form onSubmit={submit} noValidate>
        {save.isSuccess && <Notice tone="success">{t('account.saved')}</Notice>}
        <FormError error={save.error} />
        <Field
          label={t('fields.displayName')}
          name="displayName"
          autoComplete="name"
          defaultValue={me.displayName}
          error={errors.displayName}
          required
        />
        <SelectField
          label={t('fields.language')}
          name="locale"
          defaultValue={me.locale}
          error={errors.locale}
        >
          {languages.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </SelectField>
        <TimeZoneField defaultValue={me.timeZone} error={errors.timeZone} />
        <SubmitButton busy={save.isPending}>{t('common.save')}</SubmitButton>
      </form>
    </section>
  );
}
