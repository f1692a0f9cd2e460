import { z } from 'zod';

/**
 * Consent purposes (PRODUCT.md P12, P13): one record per purpose, off by default, given by an explicit
 * action and withdrawn by one. Each purpose carries the wording shown to the user, versioned: a consent
 * is valid for the wording version the user saw, and the history keeps which one that was.
 */
export const consentPurposes = [
  'marketing_email',
  'marketing_in_app',
  'research',
  'programmes',
  'personalised_analytics',
  'geolocation',
  'product_improvement',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const consentPurposeSchema = z.enum(consentPurposes);

export interface ConsentWording {
  /** Bumped whenever the text changes in substance; the user's choice records the version shown. */
  version: number;
  title: string;
  text: string;
}

/** The wording shown for each purpose (English reference text; the web app shows its translations). */
export const consentWordings: Record<ConsentPurpose, ConsentWording> = {
  marketing_email: {
    version: 1,
    title: 'News and offers by email',
    text: 'Send me emails about Vitalbase products, features and offers. Security alerts are always sent, whatever I choose here.',
  },
  marketing_in_app: {
    version: 1,
    title: 'News and offers in the app',
    text: 'Show me messages about Vitalbase products, features and offers inside the app.',
  },
  research: {
    version: 1,
    title: 'Health research',
    text: 'Let pseudonymised copies of my health data be used in approved medical research studies. I can withdraw at any time; data already used in a completed analysis cannot be taken out of it.',
  },
  programmes: {
    version: 1,
    title: 'Health programmes',
    text: 'Let my data be used to run the health programmes (coaching, challenges) I join.',
  },
  personalised_analytics: {
    version: 1,
    title: 'Personalised analytics sharing',
    text: 'Let my health data be analysed to give me personalised insights and share them with the services I choose.',
  },
  geolocation: {
    version: 1,
    title: 'Location',
    text: 'Let my devices record and send my location (for example the route of a workout).',
  },
  product_improvement: {
    version: 1,
    title: 'Product improvement',
    text: 'Let Vitalbase use technical and usage data from my devices and the app to improve its products.',
  },
};

/** Research is also given through a short form: the user acknowledges the study scope explicitly. */
export const researchConsentForm = z.strictObject({
  acknowledgesScope: z.literal(true),
  acknowledgesWithdrawal: z.literal(true),
  /** Optional: the user's own note on what they agree to share (free text, short). */
  note: z.string().trim().max(500).optional(),
});
export type ResearchConsentForm = z.infer<typeof researchConsentForm>;

/** The body of PUT /api/me/consents/:purpose. */
export const consentChangeBody = z.strictObject({
  granted: z.boolean(),
  wordingVersion: z.number().int().min(1).max(1000),
  form: researchConsentForm.optional(),
});
export type ConsentChange = z.infer<typeof consentChangeBody>;

/** Cookie categories (P15). Essential cookies need no consent; the others only after a choice. */
export const cookieCategories = ['essential', 'analytical', 'social_media', 'marketing'] as const;
export type CookieCategory = (typeof cookieCategories)[number];
export const optionalCookieCategories = ['analytical', 'social_media', 'marketing'] as const;

export const cookiePreferencesSchema = z.strictObject({
  analytical: z.boolean(),
  social_media: z.boolean(),
  marketing: z.boolean(),
});
export type CookiePreferences = z.infer<typeof cookiePreferencesSchema>;

/** The essential cookie that remembers a visitor's choice, e.g. `v1.a0s0m1` (analytical, social, marketing). */
export const COOKIE_CHOICE_COOKIE = 'vb_cookie_choice';

export function encodeCookieChoice(p: CookiePreferences): string {
  return `v1.a${p.analytical ? 1 : 0}s${p.social_media ? 1 : 0}m${p.marketing ? 1 : 0}`;
}

export function decodeCookieChoice(value: string | undefined | null): CookiePreferences | null {
  const m = /^v1\.a([01])s([01])m([01])$/.exec(value ?? '');
  if (!m) return null;
  return { analytical: m[1] === '1', social_media: m[2] === '1', marketing: m[3] === '1' };
}

// The privacy center's answers (docs/api-privacy.md), declared by the server's routes and inferred by
// the web (web/src/features/privacy/queries.ts).

/** One purpose's current choice, as the user's and the parent's consent routes answer it. */
export const consentStateSchema = z.object({
  purpose: consentPurposeSchema,
  granted: z.boolean(),
  wordingVersion: z.number(),
  title: z.string(),
  text: z.string(),
  chosenWordingVersion: z.number().nullable(),
  changedAt: z.string().nullable(),
});
export type ConsentState = z.infer<typeof consentStateSchema>;

/** GET /api/me/consents. */
export const consentsAnswerSchema = z.object({
  policyVersion: z.string(),
  consents: z.array(consentStateSchema),
});
export type ConsentsAnswer = z.infer<typeof consentsAnswerSchema>;

/** GET /api/guardian/consents: a child's consents, for the parent holding the mailed link. */
export const guardianViewSchema = z.object({
  childDisplayName: z.string(),
  until: z.string(),
  consents: z.array(consentStateSchema),
});
export type GuardianView = z.infer<typeof guardianViewSchema>;

/** GET /api/me/consents/history: one consent given or withdrawn. */
export const consentHistoryEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  purpose: z.string(),
  granted: z.boolean(),
  wordingVersion: z.number(),
  policyVersion: z.string(),
  method: z.string(),
  form: z.record(z.string(), z.unknown()).nullable(),
});
export type ConsentHistoryEntry = z.infer<typeof consentHistoryEntrySchema>;

/** The stored cookie choice of a signed-in user. */
export const storedCookiePreferencesSchema = cookiePreferencesSchema.extend({ updatedAt: z.string() });

/** GET /api/privacy/info: where data lives, the policy version in force and the operator contact. */
export const privacyInfoSchema = z.object({
  dataRegion: z.string(),
  policyVersion: z.string(),
  operatorContact: z.string().nullable(),
});
export type PrivacyInfo = z.infer<typeof privacyInfoSchema>;
