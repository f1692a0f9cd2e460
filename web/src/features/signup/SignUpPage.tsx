import { signUpBody } from '@vitalbase/core/account-fields';
import { needsParentalConsent } from '@vitalbase/core/digital-consent';
import { PASSWORD_MIN_LENGTH } from '@vitalbase/core/password-policy';
import { type FormEvent, lazy, Suspense, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { browserCountry, countryOptions } from '../../components/countries';
import { Field, FormError, usePasswordFieldErrors, SelectField, SubmitButton } from '../../components/forms';
import { useTitle } from '../../components/use-title';
import { useSignUp } from '../account/queries';
import { PolicyAcceptanceField, useSignUpPolicies } from '../policies/SignUpPolicies';
import { useDateInput } from '../../i18n/date-input';
import { browserTimeZone } from '../../i18n/format';

const PasswordStrengthMeter = lazy(() =>
  import('../../components/PasswordStrengthMeter').then((m) => ({ default: m.PasswordStrengthMeter })),
);

interface SignUpForm {
  email: string;
  password: string;
  displayName: string;
  birthDate: string;
  country: string;
  parentEmail: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const FIELDS = ['email', 'password', 'displayName', 'birthDate', 'country', 'parentEmail'] as const;

/**
 * What can be told before asking the server, with the server's own schema (core's signUpBody); the
 * messages are ours, in the interface language. The server checks everything again.
 */
function checkLocally(f: SignUpForm, minor: boolean, t: TFunction) {
  const parsed = signUpBody.safeParse({ ...f, parentEmail: minor ? f.parentEmail : undefined });
  const errors: Record<string, string> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = FIELDS.find((name) => name === issue.path[0]);
    if (field && !errors[field]) errors[field] = t(`signUp.errors.${field}`, { min: PASSWORD_MIN_LENGTH });
  }
  if (!errors.birthDate && f.birthDate > today()) errors.birthDate = t('signUp.errors.birthDate');
  if (minor && !f.parentEmail.trim()) errors.parentEmail = t('signUp.errors.parentEmail');
  return errors;
}

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const passwordErrors = usePasswordFieldErrors();
  useTitle(t('signUp.title'));
  const navigate = useNavigate();
  const [form, setForm] = useState<SignUpForm>({
    email: '',
    password: '',
    displayName: '',
    birthDate: '',
    country: browserCountry(),
    parentEmail: '',
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const signUp = useSignUp({
    onSuccess: () => navigate('/sign-up/check-mail', { state: { email: form.email.trim() } }),
  });
  const policies = useSignUpPolicies(signUp.error);
  const serverErrors = passwordErrors(signUp.error, 'password');
  const minor =
    /^\d{4}-\d{2}-\d{2}$/.test(form.birthDate) &&
    !!form.country &&
    needsParentalConsent(form.birthDate, form.country, today());
  const showParent = minor || !!serverErrors.parentEmail;
  const errors = { ...serverErrors, ...localErrors };

  const set = (name: keyof SignUpForm) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [name]: e.target.value }));
    setLocalErrors(({ [name]: _, ...rest }) => rest);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkLocally(form, minor, t);
    if (!policies.accepted || !policies.versions) found.policies = t('signUp.errors.policies');
    setLocalErrors(found);
    if (Object.keys(found).length > 0) return;
    signUp.mutate({
      email: form.email.trim(),
      password: form.password,
      displayName: form.displayName.trim(),
      birthDate: form.birthDate,
      country: form.country,
      locale: i18n.language,
      policies: policies.versions,
      // The account's local days and times follow where the person is (docs/time-zones.md).
      timeZone: browserTimeZone(),
      ...(showParent ? { parentEmail: form.parentEmail.trim() } : {}),
    });
  }

  // In the app's language (jj/mm/aaaa), not the browser's: web/src/i18n/date-input.ts.
  const birthDate = useDateInput(form.birthDate, (value) => set('birthDate')({ target: { value } }), {
    max: today(),
  });
  const hasLocal = Object.keys(localErrors).length > 0;
  return (
    <section className="card">
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <form onSubmit={submit} noValidate>
        {hasLocal ? (
          <div className="alert alert-error" role="alert">
            {t('errors.fields')}
          </div>
        ) : (
          <FormError error={signUp.error} />
        )}
        <Field
          label={t('fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set('email')}
          error={errors.email}
          required
        />
        <Field
          label={t('fields.newPassword')}
          hint={t('password.rule', { min: PASSWORD_MIN_LENGTH })}
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          required
        >
          <Suspense fallback={null}>
            <PasswordStrengthMeter password={form.password} userInputs={[form.email, form.displayName]} />
          </Suspense>
        </Field>
        <Field
          label={t('fields.displayName')}
          name="displayName"
          autoComplete="name"
          value={form.displayName}
          onChange={set('displayName')}
          error={errors.displayName}
          required
        />
        <Field
          label={t('fields.birthDate')}
          name="birthDate"
          autoComplete="bday"
          {...birthDate}
          error={errors.birthDate}
          required
        />
        <SelectField
          label={t('fields.country')}
          name="country"
          value={form.country}
          onChange={set('country')}
          error={errors.country}
          required
        >
          <option value="">{t('common.choose')}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {showParent && (
          <Field
            label={t('fields.parentEmail')}
            hint={t('signUp.parentHint')}
            name="parentEmail"
            type="email"
            value={form.parentEmail}
            onChange={set('parentEmail')}
            error={errors.parentEmail}
            required
          />
        )}
        <PolicyAcceptanceField
          policies={policies}
          error={errors.policies}
          onChange={() => setLocalErrors(({ policies: _, ...rest }) => rest)}
        />
        <SubmitButton busy={signUp.isPending}>{t('signUp.submit')}</SubmitButton>
      </form>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('signIn.title')}</Link>
      </p>
    </section>
  );
}
