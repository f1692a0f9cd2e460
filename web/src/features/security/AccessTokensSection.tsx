import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TOKEN_SCOPES } from '../../api/types';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import { useFormat } from '../../i18n/format';
import { useAccessTokens, useCreateAccessToken, useRevokeAccessToken } from './queries';

/** Personal access tokens for the CLI and scripts: scoped, shown once, revocable. */
export function AccessTokensSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const [scopeError, setScopeError] = useState(false);
  const tokens = useAccessTokens();
  const create = useCreateAccessToken();
  const revoke = useRevokeAccessToken();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const scopes = new FormData(form).getAll('scopes').map(String);
    setScopeError(scopes.length === 0);
    if (scopes.length === 0) return;
    const days = Number(v.expiresInDays);
    create.mutate({ name: v.name?.trim() ?? '', scopes, ...(days > 0 ? { expiresInDays: days } : {}) });
  }
  const errors = fieldErrorsOf(create.error);

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('security.tokens.title')}</h2>
      <p>{t('security.tokens.intro')}</p>
      {create.data && (
        <Notice tone="success">
          {t('security.tokens.created')} <code data-testid="new-token">{create.data.token}</code>
        </Notice>
      )}
      <FormError error={tokens.error ?? revoke.error} />
      {tokens.data?.length === 0 && <p className="muted">{t('security.tokens.none')}</p>}
      <ul className="item-list" aria-label={t('security.tokens.title')}>
        {tokens.data?.map((tok) => (
          <li key={tok.id} className="item">
            <div>
              <strong>{tok.name}</strong>
              <p className="muted">
                {tok.scopes.join(', ')} ·{' '}
                {t('security.tokens.details', {
                  created: format.dateTime(tok.createdAt),
                  lastUsed: format.dateTime(tok.lastUsedAt),
                  expires: tok.expiresAt ? format.dateTime(tok.expiresAt) : t('security.tokens.never'),
                })}
              </p>
            </div>
            <button
              type="button"
              className="button danger"
              onClick={() => revoke.mutate(tok.id)}
              disabled={revoke.isPending}
            >
              {t('security.tokens.revoke')}
              <span className="visually-hidden"> ({tok.name})</span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate>
        <h3>{t('security.tokens.new')}</h3>
        <FormError error={create.error} />
        <Field
          label={t('security.tokens.nameLabel')}
          name="name"
          error={errors.name}
          required
          maxLength={100}
        />
        <fieldset className="choice" aria-describedby={scopeError ? 'scopes-error' : undefined}>
          <legend>{t('security.tokens.scopes')}</legend>
          {TOKEN_SCOPES.map((s) => (
            <label key={s}>
              <input type="checkbox" name="scopes" value={s} />{' '}
              {t(`security.tokens.scope.${s.replace(':', '_')}`)} <code>{s}</code>
            </label>
          ))}
          {(scopeError || errors.scopes) && (
            <p id="scopes-error" className="field-error" data-field="scopes">
              {scopeError ? t('security.tokens.scopeRequired') : errors.scopes}
            </p>
          )}
        </fieldset>
        <Field
          label={t('security.tokens.expiresLabel')}
          hint={t('security.tokens.expiresHint')}
          name="expiresInDays"
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          error={errors.expiresInDays}
        />
        <SubmitButton busy={create.isPending}>{t('security.tokens.create')}</SubmitButton>
      </form>
    </section>
  );
}
