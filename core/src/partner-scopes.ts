import { z } from 'zod';

/**
 * What a partner app may ask a user for (issue #6). Withings-style scopes for clients of the
 * manufacturer's public API, SMART on FHIR v2 scopes for FHIR clients, and the OpenID Connect ones.
 * Each scope has plain words in every language of the web app: the consent screen and the Connected
 * apps page show them, so a user knows which data each scope opens.
 */
export const partnerScopes = [
  'user.info',
  'user.metrics',
  'user.activity',
  'user.sleepevents',
  'patient/Patient.rs',
  'patient/Observation.rs',
  'patient/Device.rs',
  'launch/patient',
  'openid',
  'fhirUser',
  'offline_access',
  'online_access',
] as const;
export type PartnerScope = (typeof partnerScopes)[number];
export const partnerScopeSchema = z.enum(partnerScopes);

export type PartnerScopeLanguage = 'en' | 'fr';
interface ScopeWords {
  title: string;
  description: string;
}

export interface PartnerScopeInfo {
  scope: PartnerScope;
  /** Which API the scope belongs to. */
  family: 'withings' | 'smart' | 'openid';
  /** Key of the scope's words in the web app's locale files (`partnerScopes.<key>.title|description`). */
  i18nKey: string;
  words: Record<PartnerScopeLanguage, ScopeWords>;
}

const info = (
  scope: PartnerScope,
  family: PartnerScopeInfo['family'],
  i18nKey: string,
  en: ScopeWords,
  fr: ScopeWords,
): PartnerScopeInfo => ({ scope, family, i18nKey, words: { en, fr } });

export const partnerScopeCatalog: Record<PartnerScope, PartnerScopeInfo> = {
  'user.info': info(
    'user.info',
    'withings',
    'userInfo',
    { title: 'Your profile', description: 'Your name, birth date, sex, height and the devices you use.' },
    {
      title: 'Votre profil',
      description: 'Votre nom, date de naissance, sexe, taille et les appareils que vous utilisez.',
    },
  ),
  'user.metrics': info(
    'user.metrics',
    'withings',
    'userMetrics',
    {
      title: 'Your measurements',
      description: 'Weight, body composition, blood pressure, heart rate, temperature and oxygen saturation.',
    },
    {
      title: 'Vos mesures',
      description:
        'Poids, composition corporelle, tension artérielle, fréquence cardiaque, température et saturation en oxygène.',
    },
  ),
  'user.activity': info(
    'user.activity',
    'withings',
    'userActivity',
    { title: 'Your activity', description: 'Steps, distance, calories, workouts and your goals.' },
    { title: 'Votre activité', description: 'Pas, distance, calories, séances de sport et vos objectifs.' },
  ),
  'user.sleepevents': info(
    'user.sleepevents',
    'withings',
    'userSleepevents',
    { title: 'Your sleep', description: 'When you slept, sleep phases and heart rate during sleep.' },
    {
      title: 'Votre sommeil',
      description: 'Quand vous avez dormi, les phases de sommeil et le rythme cardiaque pendant le sommeil.',
    },
  ),
  'patient/Patient.rs': info(
    'patient/Patient.rs',
    'smart',
    'patientPatient',
    {
      title: 'Your identity (FHIR)',
      description: 'Your name, birth date and sex, as a FHIR Patient record.',
    },
    {
      title: 'Votre identité (FHIR)',
      description: 'Votre nom, date de naissance et sexe, sous forme de fiche Patient FHIR.',
    },
  ),
  'patient/Observation.rs': info(
    'patient/Observation.rs',
    'smart',
    'patientObservation',
    {
      title: 'Your health readings (FHIR)',
      description:
        'Every measurement you recorded (weight, blood pressure, heart rate…), as FHIR Observations.',
    },
    {
      title: 'Vos mesures de santé (FHIR)',
      description:
        'Toutes les mesures enregistrées (poids, tension, fréquence cardiaque…), sous forme d’Observations FHIR.',
    },
  ),
  'patient/Device.rs': info(
    'patient/Device.rs',
    'smart',
    'patientDevice',
    { title: 'Your devices (FHIR)', description: 'The devices that took your measurements.' },
    { title: 'Vos appareils (FHIR)', description: 'Les appareils qui ont pris vos mesures.' },
  ),
  'launch/patient': info(
    'launch/patient',
    'smart',
    'launchPatient',
    { title: 'Know it is you', description: 'The app learns which patient record is yours.' },
    {
      title: 'Savoir que c’est vous',
      description: 'L’application apprend quelle fiche patient est la vôtre.',
    },
  ),
  openid: info(
    'openid',
    'openid',
    'openid',
    { title: 'Sign you in', description: 'The app learns your Vitalbase account identifier.' },
    {
      title: 'Vous identifier',
      description: 'L’application apprend l’identifiant de votre compte Vitalbase.',
    },
  ),
  fhirUser: info(
    'fhirUser',
    'openid',
    'fhirUser',
    { title: 'Your FHIR identity', description: 'The app learns the address of your FHIR Patient record.' },
    {
      title: 'Votre identité FHIR',
      description: 'L’application apprend l’adresse de votre fiche Patient FHIR.',
    },
  ),
  offline_access: info(
    'offline_access',
    'openid',
    'offlineAccess',
    {
      title: 'Keep access',
      description: 'The app keeps reading the data above when you are not using it, until you disconnect it.',
    },
    {
      title: 'Garder l’accès',
      description:
        'L’application continue de lire les données ci-dessus quand vous ne l’utilisez pas, jusqu’à ce que vous la déconnectiez.',
    },
  ),
  // SMART App Launch 2.2: a refresh token usable only while the user's session lasts.
  online_access: info(
    'online_access',
    'openid',
    'onlineAccess',
    {
      title: 'Keep access while you are signed in',
      description: 'The app keeps reading the data above during your current session only.',
    },
    {
      title: 'Garder l’accès pendant votre session',
      description:
        'L’application continue de lire les données ci-dessus pendant votre session en cours seulement.',
    },
  ),
};

export const isPartnerScope = (value: string): value is PartnerScope =>
  (partnerScopes as readonly string[]).includes(value);

/**
 * Whether the user may leave the scope out on the consent screen (issue #13): the data scopes
 * (Withings-style `user.*`, SMART `patient/*`). Sign-in (`openid`, `fhirUser`), `launch/patient` and
 * the access-length scopes (`offline_access`, `online_access`) are part of how the app works and stay
 * granted whenever the app asked for them.
 */
export const isUserOptionalScope = (scope: PartnerScope): boolean =>
  partnerScopeCatalog[scope].family === 'withings' || scope.startsWith('patient/');

/**
 * A scope parameter as clients send it: space-separated (OAuth 2.0, SMART) or comma-separated
 * (Withings clients). Empty items and duplicates are dropped; order is kept.
 */
export function parsePartnerScopeParam(value: string | undefined | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

/** The words of a scope in a language (English when the language is not one we have). */
export function partnerScopeWords(scope: PartnerScope, language: string | undefined): ScopeWords {
  const lang: PartnerScopeLanguage = language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  return partnerScopeCatalog[scope].words[lang];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect URI a partner app may register (RFC 9700 §2.1, RFC 8252): an absolute URL without a
 * fragment, https — or http on a loopback address (development, native apps) — or a private-use
 * scheme with a dot (`com.example.app:/callback`, native apps). Compared exactly at authorization.
 */
export function redirectUriProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.hash || value.includes('#')) return 'must not contain a fragment (#)';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname) ? undefined : 'must use https';
  if (/^[a-z][a-z0-9+-]*\.[a-z0-9.+-]+:$/i.test(url.protocol)) return undefined;
  return 'must use https (or a private-use scheme such as com.example.app:)';
}

const redirectUriSchema = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .superRefine((value, issue) => {
    const problem = redirectUriProblem(value);
    if (problem) issue.addIssue({ code: 'custom', message: `redirect URI ${problem}` });
  });

/** A partner app as its developer (or the operator) registers it. */
export const partnerAppInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  logoUri: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .optional(),
  redirectUris: z
    .array(redirectUriSchema)
    .min(1)
    .max(10)
    .refine((uris) => new Set(uris).size === uris.length, 'redirect URIs must not repeat'),
  scopes: z
    .array(partnerScopeSchema)
    .min(1)
    .max(partnerScopes.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes must not repeat'),
  /** A public client (mobile or browser app) has no secret and relies on PKCE alone. */
  public: z.boolean().optional(),
  /**
   * Whether authorizations must use PKCE. A public client always must (true is the only value it may
   * send); a confidential client is off by default, so Withings clients (which send none) work, and
   * a code_challenge that is sent is still checked (RFC 9700 §2.1.1).
   */
  pkceRequired: z.boolean().optional(),
});
export type PartnerAppInput = z.infer<typeof partnerAppInputSchema>;
/** A change to an app: any field but `public` (a client's type is fixed); `logoUri: null` removes the logo. */
export const partnerAppPatchSchema = partnerAppInputSchema
  .omit({ public: true })
  .partial()
  .extend({
    logoUri: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .nullable()
      .optional(),
  });
export type PartnerAppPatch = z.infer<typeof partnerAppPatchSchema>;
