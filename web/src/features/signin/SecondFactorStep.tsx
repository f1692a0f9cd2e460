import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactorMethod } from '../../api/types';
import { Field, FormError, fieldErrorsOf, formValues, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useSecondFactorStep } from '../account/queries';

/**
 * The password was right; the session opens once one of the account's second factors is given.
 * `inSession`: a signed-in session asked for its second factor by a page (clinic, staff console).
 */
export function SecondFactorStep({
  methods,
  onDone,
  inSession,
}: {
  methods: SecondFactorMethod[];
  onDone: () => void;
  inSession?: boolean;
}) {
  const { t } = useTranslation();
  useTitle(t('secondFactor.title'));
  const [method, setMethod] = useState<SecondFactorMethod>(methods[0] ?? 'totp');
  const verify = useSecondFactorStep({ onSuccess: onDone, inSession });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    verify.mutate({ method, code: formValues(e.currentTarget).code?.replace(/\s+/g, '') });
  }
  const fieldErrors = fieldErrorsOf(verify.error);

  return (
    <section className="card">
      <h1>{t('secondFactor.title')}</h1>
      {inSession && <p>{t('secondFactor.inSession')}</p>}
      {methods.length > 1 && (
        <fieldset className="choice">
          <legend>{t('secondFactor.choose')}</legend>
          {methods.map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="method"
                value={m}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                  verify.reset();
                }}
              />{' '}
              {t(`secondFactor.methods.${m}`)}
            </label>
          ))}
        </fieldset>
      )}
      <FormError error={verify.error} />
      {method === 'passkey' ? (
        <>
          <p>{t('secondFactor.passkeyHelp')}</p>
          <button
            type="button"
            className="button primary"
            onClick={() => verify.mutate({ method })}
            disabled={verify.isPending}
          >
            {t('secondFactor.usePasskey')}
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate key={method}>
          <Field
            label={method === 'totp' ? t('secondFactor.totpLabel') : t('secondFactor.recoveryLabel')}
            hint={method === 'totp' ? t('secondFactor.totpHint') : t('secondFactor.recoveryHint')}
            name="code"
            autoComplete="one-time-code"
            inputMode={method === 'totp' ? 'numeric' : 'text'}
            error={fieldErrors.code}
            required
          />
          <SubmitButton busy={verify.isPending}>{t('secondFactor.submit')}</SubmitButton>
        </form>
      )}
    </section>
  );
}
