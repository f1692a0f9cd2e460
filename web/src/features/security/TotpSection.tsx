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

/**
 * An authenticator app as second factor: password → QR code and secret → a code from the app confirms
 * it → ten recovery codes, shown this once.
 */
export function TotpSection() {
  const { t } = useTranslation();
  const status = useSecondFactorStatus();
  const [codes, setCodes] = useState<string[] | null>(null);

  const enroll = useEnrollTotp();
  const confirm = useConfirmTotp({
    onSuccess: (answer) => {
      setCodes(answer.recoveryCodes);
      enroll.reset();
    },
  });
  const regenerate = useRegenerateRecoveryCodes({ onSuccess: (answer) => setCodes(answer.recoveryCodes) });
  const disable = useDisableTotp();

  const on = Boolean(status.data?.totp);
  const submitWith = (fn: (v: Record<string, string>) => void) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    fn(formValues(e.currentTarget));
  };

  return (
    <section className="card" id="second-factor" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('security.totp.title')}</h2>
      <p>{t('security.totp.intro')}</p>
      <p>
        <strong>{on ? t('security.totp.on') : t('security.totp.off')}</strong>
        {on && status.data && (
          <> · {t('security.totp.codesLeft', { count: status.data.recoveryCodesLeft })}</>
        )}
      </p>

      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}

      <FormError error={status.error} />
      {status.isSuccess && !on && !enroll.data && !codes && (
        <form onSubmit={submitWith((v) => enroll.mutate(v.currentPassword ?? ''))} noValidate>
          <FormError error={enroll.error} />
          <Field
            label={t('fields.currentPassword')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            error={fieldErrorsOf(enroll.error).currentPassword}
            required
          />
          <SubmitButton busy={enroll.isPending}>{t('security.totp.start')}</SubmitButton>
        </form>
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
          <form onSubmit={submitWith((v) => confirm.mutate((v.code ?? '').replace(/\s+/g, '')))} noValidate>
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

      {on && !codes && (
        <div className="split">
          <form onSubmit={submitWith((v) => regenerate.mutate(v.currentPassword ?? ''))} noValidate>
            <h3>{t('security.totp.newCodes')}</h3>
            <FormError error={regenerate.error} />
            <Field
              label={t('fields.currentPassword')}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              error={fieldErrorsOf(regenerate.error).currentPassword}
              required
            />
            <SubmitButton busy={regenerate.isPending}>{t('security.totp.newCodes')}</SubmitButton>
          </form>
          <form
            onSubmit={submitWith((v) =>
              disable.mutate({
                currentPassword: v.currentPassword ?? '',
                code: (v.code ?? '').replace(/\s+/g, ''),
              }),
            )}
            noValidate
          >
            <h3>{t('security.totp.turnOff')}</h3>
            {disable.isSuccess && <Notice tone="success">{t('security.totp.turnedOff')}</Notice>}
            <FormError error={disable.error} />
            <Field
              label={t('fields.currentPassword')}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              error={fieldErrorsOf(disable.error).currentPassword}
              required
            />
            <Field
              label={t('security.totp.codeLabel')}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              error={fieldErrorsOf(disable.error).code}
              required
            />
            <button type="submit" className="button danger" disabled={disable.isPending}>
              {t('security.totp.turnOff')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}
