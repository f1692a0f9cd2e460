import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  useEffect,
  useId,
  useRef,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { isGatewayStatus } from '../api/connection';

/** The code whose words fit an answer of this status that came with a code we have no words for. */
const CODE_OF_STATUS: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  429: 'too_many_requests',
};

/**
 * The message a user sees for an error, as precise as what is known: our translation of its code;
 * else by its kind (the server unreachable, a fault on the server's side, a refusal of the request)
 * rather than "something went wrong". The server's own words are English: shown only in English.
 */
function useErrorMessage() {
  const { t, i18n } = useTranslation();
  return (err: unknown): string => {
    if (!(err instanceof ApiError)) return t('errors.unexpected');
    if (Object.keys(err.fieldErrors).length > 0 || err.code === 'weak_password') return t('errors.fields');
    if (err.status === 0 || isGatewayStatus(err.status)) return t('errors.codes.network_error');
    const key = `errors.codes.${err.code}`;
    if (i18n.exists(key)) return t(key);
    if (err.status >= 500) return t('errors.codes.internal_error');
    if (i18n.resolvedLanguage === 'en' && err.code !== 'http_error') return err.message;
    return t(`errors.codes.${CODE_OF_STATUS[err.status] ?? 'http_error'}`);
  };
}

/** Field errors of the server's answer, for `Field error=`. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrors : {};
}

/** A refused password (`weak_password`, which names no field) shown next to the password field. */
export function usePasswordFieldErrors() {
  const { t } = useTranslation();
  return (err: unknown, field: string): Record<string, string> => {
    if (!(err instanceof ApiError)) return {};
    if (err.code !== 'weak_password') return err.fieldErrors;
    const problem = (err.details as { problems?: string[] } | undefined)?.problems?.[0];
    const message = problem
      ? t(`password.problems.${problem}`, { defaultValue: err.message })
      : t('errors.codes.weak_password', { defaultValue: err.message });
    return { ...err.fieldErrors, [field]: message };
  };
}

interface FieldShell {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children?: ReactNode;
}

type InputFieldProps = FieldShell & InputHTMLAttributes<HTMLInputElement> & { name: string };

/** A labelled input with its hint and its error, linked for screen readers. */
export function Field({ label, hint, error, children, name, ...input }: InputFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error" data-field={name}>
          {error}
        </p>
      )}
    </div>
  );
}

type SelectFieldProps = FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { name: string };

export function SelectField({ label, hint, error, children, name, ...select }: SelectFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...select}
      >
        {children}
      </select>
      {error && (
        <p id={`${id}-error`} className="field-error" data-field={name}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The form-level error, announced as soon as it appears. When the server placed problems on fields,
 * the first field marked invalid in the same form takes the focus, so its message is read next.
 */
export function FormError({ error }: { error: unknown }) {
  const message = useErrorMessage();
  const box = useRef<HTMLDivElement>(null);
  const onFields = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new refusal moves the focus again
  useEffect(() => {
    if (!onFields) return;
    box.current?.closest('form')?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [onFields, error]);
  if (!error) return null;
  // The server out of reach is announced once, by the connection banner (app/ConnectionBanner.tsx),
  // not by every part of the page that failed to load.
  const passing = error instanceof ApiError && (error.status === 0 || isGatewayStatus(error.status));
  return (
    <div
      className={`alert ${passing ? 'alert-warning' : 'alert-error'}`}
      role={passing ? undefined : 'alert'}
      ref={box}
    >
      {message(error)}
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ReactNode;
  tone?: 'info' | 'success' | 'warning';
}) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
      {busy ? t('common.working') : children}
    </button>
  );
}

/** The form's fields as strings (no file inputs are used in these forms). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v;
  return out;
}
