import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The message a user sees for an error: our translation of its code, else the server's own words. */
function useErrorMessage() {
  const { t } = useTranslation();
  return (err: unknown): string => {
    if (err instanceof ApiError) {
      if (Object.keys(err.fieldErrors).length > 0 || err.code === 'weak_password') return t('errors.fields');
      return t(`errors.codes.${err.code}`, { defaultValue: err.message });
    }
    return t('errors.unexpected');
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

/** The form-level error, announced as soon as it appears. */
export function FormError({ error }: { error: unknown }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
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
