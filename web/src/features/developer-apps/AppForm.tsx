import { partnerScopes } from '@vitalbase/core/partner-scopes';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, formValues, SubmitButton } from '../../components/forms';
import { useScopeWords } from '../oauth/ScopeList';
import {
  type DeveloperApp,
  type DeveloperAppInput,
  formFieldErrors,
  parseRedirectUris,
} from './developer-apps-api';

/**
 * Registering an app and editing it share one form: name, logo, exact redirect URIs, scopes. Whether
 * the app keeps a secret (confidential) or cannot (public: a phone or browser app) is chosen once, at
 * registration. A confidential app may require PKCE too (off by default: Withings clients send none).
 */
export function AppForm({
  app,
  busy,
  error,
  submitLabel,
  onSubmit,
  children,
}: {
  app?: DeveloperApp;
  busy: boolean;
  error: unknown;
  submitLabel: ReactNode;
  onSubmit: (input: DeveloperAppInput) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const words = useScopeWords();
  const id = useId();
  const [scopeMissing, setScopeMissing] = useState(false);
  const errors = formFieldErrors(fieldErrorsOf(error));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const scopes = new FormData(form).getAll('scopes').map(String);
    setScopeMissing(scopes.length === 0);
    if (scopes.length === 0) return;
    const logoUri = v.logoUri?.trim();
    onSubmit({
      name: v.name?.trim() ?? '',
      // Registering leaves an empty logo out; editing with an empty field removes the logo.
      ...(logoUri ? { logoUri } : app ? { logoUri: null } : {}),
      redirectUris: parseRedirectUris(v.redirectUris ?? ''),
      scopes,
      ...(app ? {} : { public: v.clientType === 'public' }),
      // A public app always uses PKCE: the server refuses it turned off, so it is not sent.
      ...((app ? !app.public : v.clientType !== 'public') ? { pkceRequired: v.requirePkce === 'on' } : {}),
    });
  }

  const urisError = errors.redirectUris;
  const scopesError = scopeMissing ? t('developer.form.scopeRequired') : errors.scopes;
  return (
    <form onSubmit={submit} noValidate>
      <FormError error={error} />
      <Field
        label={t('developer.form.name')}
        name="name"
        defaultValue={app?.name}
        error={errors.name}
        required
        maxLength={100}
      />
      <Field
        label={t('developer.form.logoUri')}
        hint={t('developer.form.logoUriHint')}
        name="logoUri"
        type="url"
        defaultValue={app?.logoUri ?? ''}
        error={errors.logoUri}
      />
      <div className="field">
        <label htmlFor={`${id}-uris`}>{t('developer.form.redirectUris')}</label>
        <p id={`${id}-uris-hint`} className="hint">
          {t('developer.form.redirectUrisHint')}
        </p>
        <textarea
          id={`${id}-uris`}
          name="redirectUris"
          rows={3}
          required
          spellCheck={false}
          defaultValue={app?.redirectUris.join('\n')}
          aria-invalid={urisError ? true : undefined}
          aria-describedby={`${id}-uris-hint${urisError ? ` ${id}-uris-error` : ''}`}
          style={{ display: 'block', width: '100%', font: 'inherit', padding: '0.5rem' }}
        />
        {urisError && (
          <p id={`${id}-uris-error`} className="field-error" data-field="redirectUris">
            {urisError}
          </p>
        )}
      </div>
      <fieldset className="choice" aria-describedby={scopesError ? `${id}-scopes-error` : undefined}>
        <legend>{t('developer.form.scopes')}</legend>
        {partnerScopes.map((scope) => (
          <label key={scope}>
            <input type="checkbox" name="scopes" value={scope} defaultChecked={app?.scopes.includes(scope)} />{' '}
            {words({ scope, title: scope }).title} <code>{scope}</code>
          </label>
        ))}
        {scopesError && (
          <p id={`${id}-scopes-error`} className="field-error" data-field="scopes">
            {scopesError}
          </p>
        )}
      </fieldset>
      {!app && (
        <fieldset className="choice">
          <legend>{t('developer.form.clientType')}</legend>
          <label>
            <input type="radio" name="clientType" value="confidential" defaultChecked />{' '}
            {t('developer.form.confidential')}
          </label>
          <label>
            <input type="radio" name="clientType" value="public" /> {t('developer.form.public')}
          </label>
        </fieldset>
      )}
      {!app?.public && (
        <div className="field">
          <label>
            <input type="checkbox" name="requirePkce" defaultChecked={app?.pkceRequired ?? false} />{' '}
            {t('developer.form.requirePkce')}
          </label>
          <p className="hint">{t('developer.form.requirePkceHint')}</p>
        </div>
      )}
      <div className="actions">
        <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
        {children}
      </div>
    </form>
  );
}
