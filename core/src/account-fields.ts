import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
import { signUpPoliciesField } from './policies';

/**
 * Account fields shared by the server (route schemas), the web forms and the CLI, so one rule decides
 * what an email, a name or a time zone may be.
 */

/** Control characters (C0, DEL, C1) and bidi/zero-width format characters have no place in a name. */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

export const passwordField = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

/** A short label a person types (a name, a household, a device): trimmed, no control characters. */
export const plainTextField = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL_OR_FORMAT.test(s), 'must not contain control characters');

export const displayNameField = plainTextField(100);

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** YYYY-MM-DD, a real calendar day, from 1900 on (the future is refused by the server's clock). */
export const birthDateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date')
  .refine((s) => s >= '1900-01-01', 'must be 1900 or later');

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  const name = regionNames.of(code);
  return Boolean(name) && name !== 'Unknown Region';
}

/** ISO 3166-1 alpha-2 country code, e.g. FR. */
export const countryField = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'must be an ISO 3166 country code such as FR');

export function isLocale(tag: string): boolean {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const localeField = z.string().max(35).refine(isLocale, 'must be a language tag such as en or fr-FR');

/** An IANA time zone name (Europe/Paris, America/New_York, UTC), as the runtime's tz database knows it. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneField = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris');

export const signUpBody = z.object({
  email: emailField,
  password: passwordField,
  displayName: displayNameField,
  birthDate: birthDateField,
  country: countryField,
  /** Required when the person is under the age of digital consent for their country. */
  parentEmail: emailField.optional(),
  locale: localeField.optional(),
  /** The browser's IANA zone (docs/time-zones.md): the account's local days and times; 'UTC' when absent. */
  timeZone: timeZoneField.optional(),
  /** The privacy policy and terms versions the person read and accepted (those in force: 409 otherwise). */
  policies: signUpPoliciesField,
});
export type SignUpBody = z.infer<typeof signUpBody>;

export const profilePatchBody = z
  .object({
    displayName: displayNameField.optional(),
    locale: localeField.optional(),
    timeZone: timeZoneField.optional(),
  })
  .strict();
export type ProfilePatch = z.infer<typeof profilePatchBody>;
