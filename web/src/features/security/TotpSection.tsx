import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError, fieldErrorsOf, formValues, Notice, SubmitButton } from '../../components/forms';
import {
  useConfirmTotp,
  useDisableTotp,
  useEnrollTotp,
  useRegenerateRecoveryCodes,
  useSecondFactorStatus,
} from './queries';
import { RecoveryCodes } from './RecoveryCodes';
import { StepUpForm } from './StepUpForm';

/**
 * An authenticator app as second factor: password (or passkey) → QR code and secret → a code from the
 * app confirms it → ten recovery codes, shown this once. Turning it off asks to confirm it is you.
 */
export function TotpSection() {
  const { t } = useTranslation();
  const status = useSecondFactorStatus();
  const [codes, setCodes] = useState<string[] | null>(null);

  const enroll = useEnrollTotp();
  const confirm = useConfirmTotp({
    onSuccess: (answer) => {
      // None when a passkey came first: the user keeps the codes they hold.
      if (answer.recoveryCodes) setCodes(answer.recoveryCodes);
      enroll.reset();
    },
  });
  const regenerate = useRegenerateRecoveryCodes({ onSuccess: (answer) => setCodes(answer.recoveryCodes) });
  const disable = useDisableTotp();

  const on = Boolean(status.data?.totp);
  // Recovery codes stand in for any second factor: an authenticator app or a passkey.
  const anyFactor = on || (status.data?.passkeys ?? 0) > 0;
  const [turningOff, setTurningOff] = useState(false);
  const [renewing, setRenewing] = useState(false);

  return (
    <section className="card" id="second-factor" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('security.totp.title')}</h2>
      <p>{t('security.totp.intro')}</p>
      <p>
        <strong>{on ? t('security.totp.on') : t('security.totp.off')}</strong>
        {anyFactor && status.data && (
          <> · {t('security.totp.codesLeft', { count: status.data.recoveryCodesLeft })}</>
        )}
      </p>
      {disable.isSuccess && !on && <Notice tone="success">{t('security.totp.turnedOff')}</Notice>}

      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}

      <FormError error={status.error} />
      {status.isSuccess && !on && !enroll.data && !codes && (
        <StepUpForm
          title={t('security.totp.start')}
          submitLabel={t('security.totp.start')}
          passkeyLabel={t('security.totp.startWithPasskey')}
          level="password"
          tone="primary"
          busy={enroll.isPending}
          error={enroll.error}
          onSubmit={(input) => enroll.mutate(input)}
        />
      )}

      {enroll.data && (
        <div className="enrol">
          <ol>
            <li>{t('security.totp.step1')}</li>
            <li>{t('security.totp.step2')}</li>
          </ol>
          <img
            className="qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enroll.data.qrCodeSvg)}`}
            alt={t('security.totp.qrAlt')}
            width={200}
            height={200}
          />
          <p>
            {t('security.totp.secretLabel')} <code data-testid="totp-secret">{enroll.data.secret}</code>
          </p>
          <form
            onSubmit={(e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              confirm.mutate((formValues(e.currentTarget).code ?? '').replace(/\s+/g, ''));
            }}
            noValidate
          >
            <FormError error={confirm.error} />
            <Field
              label={t('security.totp.codeLabel')}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              error={fieldErrorsOf(confirm.error).code}
              required
            />
            <SubmitButton busy={confirm.isPending}>{t('security.totp.confirm')}</SubmitButton>
          </form>
        </div>
      )}

      {anyFactor && !codes && (
        <div className="split">
          {renewing ? (
            <StepUpForm
              title={t('security.totp.newCodes')}
              submitLabel={t('security.totp.newCodes')}
              passkeyLabel={t('security.totp.newCodesWithPasskey')}
              level="password"
              tone="primary"
              busy={regenerate.isPending}
              error={regenerate.error}
              onSubmit={(input) => regenerate.mutate(input, { onSuccess: () => setRenewing(false) })}
              onCancel={() => setRenewing(false)}
            >
              <p>{t('security.totp.newCodesIntro')}</p>
            </StepUpForm>
          ) : (
            <div>
              <h3>{t('security.totp.newCodes')}</h3>
              <button type="button" className="button" onClick={() => setRenewing(true)}>
                {t('security.totp.newCodes')}
              </button>
            </div>
          )}
          {on && !turningOff && (
            <div>
              <h3>{t('security.totp.turnOff')}</h3>
              <button type="button" className="button danger" onClick={() => setTurningOff(true)}>
                {t('security.totp.turnOff')}
              </button>
            </div>
          )}
          {on && turningOff && (
            <StepUpForm
              title={t('security.totp.turnOffTitle')}
              submitLabel={t('security.totp.turnOff')}
              busy={disable.isPending}
              error={disable.error}
              onSubmit={(input) => disable.mutate(input, { onSuccess: () => setTurningOff(false) })}
              onCancel={() => setTurningOff(false)}
            >
              <p>{t('security.totp.turnOffIntro')}</p>
            </StepUpForm>
          )}
        </div>
      )}
    </section>
  );
}
