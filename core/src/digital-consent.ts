/**
 * Age of digital consent per country (GDPR Art. 8 as each member state set it; 13 in the UK and US
 * under their own laws). Below it, a parent consents for the child [terms 1.6]. The operator can
 * override any entry and the default through configuration.
 */
export const DEFAULT_DIGITAL_CONSENT_AGE = 15;
export const DIGITAL_CONSENT_AGES: Readonly<Record<string, number>> = {
  AT: 14,
  BE: 13,
  BG: 14,
  CY: 14,
  CZ: 15,
  DE: 16,
  DK: 13,
  EE: 13,
  ES: 14,
  FI: 13,
  FR: 15,
  GR: 15,
  HR: 16,
  HU: 16,
  IE: 16,
  IT: 14,
  LT: 14,
  LU: 16,
  LV: 13,
  MT: 13,
  NL: 16,
  PL: 16,
  PT: 13,
  RO: 16,
  SE: 13,
  SI: 15,
  SK: 16,
  GB: 13,
  US: 13,
  CH: 13,
  NO: 13,
  IS: 13,
};

/** Whole years between a birth date and a day, both as YYYY-MM-DD (calendar age, no time zones). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

export function digitalConsentAge(
  country: string,
  table: Readonly<Record<string, number>>,
  fallback: number,
): number {
  return table[country.toUpperCase()] ?? fallback;
}

/** True when a person born on `birthDate` needs a parent's consent in `country` on day `today`. */
export function needsParentalConsent(
  birthDate: string,
  country: string,
  today: string,
  table: Readonly<Record<string, number>> = DIGITAL_CONSENT_AGES,
  fallback = DEFAULT_DIGITAL_CONSENT_AGE,
): boolean {
  return ageOn(birthDate, today) < digitalConsentAge(country, table, fallback);
}
