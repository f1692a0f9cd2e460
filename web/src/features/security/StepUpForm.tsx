import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { Field, FormError, fieldErrorsOf } from '../../components/forms';
import { useSecondFactorStatus } from './queries';
import type { StepUp } from './step-up';

/**
 * Confirming it is you before a security action: the passkey (one button, no password), or the
 * password and, when a second factor is on and `level` is 'factor', a code from it. Shown after the
 * person chose the action, so it is also the confirmation; Cancel leaves everything as it was.
 */
export function StepUpForm({
  title,
  children,
  submitLabel,
  level = 'factor',
  tone = 'danger',
  passkeyLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  submitLabel: string;
  level?: 'factor' | 'password';
  /** The submit button's look: removing is 'danger', adding 'primary'. */
  tone?: 'danger' | 'primary';
  /** The passkey button's words, when it does the action at once (e.g. "… and delete my account"). */
  passkeyLabel?: string;
  busy: boolean;
  error: unknown;
  onSubmit: (input: StepUp) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const status = useSecondFactorStatus().data;
  const [currentPassword, setPassword] = useState('');
  const [code, setCode] = useState('');
  const hasPasskey = (status?.passkeys ?? 0) > 0;
  const asksCode = level === 'factor' && Boolean(status && (status.totp || status.passkeys > 0));
  // A step-up without its code is answered `second_factor_required`, the code a half-finished sign-in
  // gets too ("Finish signing in …"): here it is the code field that is missing, so it says so there.
  const missingCode = error instanceof ApiError && error.code === 'second_factor_required';
  const onCodeField = missingCode && asksCode;
  const errors = onCodeField ? { code: t('security.stepUp.codeMissing') } : fieldErrorsOf(error);
  const form = useRef<HTMLFormElement>(null);
  // The message is on the code field: the focus goes there, so it is read with the field.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new refusal moves the focus again
  useEffect(() => {
    if (onCodeField) form.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, [onCodeField, error]);
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit({ currentPassword, code });
  }
  return (
    <form className="step-up" ref={form} onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{title}</h3>
      {children}
      {onCodeField ? null : missingCode ? (
        <div className="alert alert-error" role="alert">
          {t('security.stepUp.codeMissing')}
        </div>
      ) : (
        <FormError error={error} />
      )}
      {hasPasskey && (
        <>
          <p>
            <button
              type="button"
              className={`button ${tone}`}
              disabled={busy}
              onClick={() => onSubmit({ withPasskey: true })}
            >
              {passkeyLabel ?? t('security.stepUp.withPasskey')}
            </button>
          </p>
          <p className="muted">{t('security.stepUp.orPassword')}</p>
        </>
      )}
      <Field
        label={t('fields.currentPassword')}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.currentPassword}
      />
      {asksCode && (
        <Field
          label={t('security.stepUp.codeLabel')}
          hint={t('security.stepUp.codeHint')}
          name="code"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
        />
      )}
      <div className="actions">
        <button type="submit" className={`button ${tone}`} disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            {t('security.stepUp.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
