import { z } from 'zod';

/**
 * The accounts API's answers (docs/api-accounts.md), written once: the server's routes declare them
 * as their response schemas, the web infers its types from them (web/src/api/queries.ts,
 * web/src/features/security/queries.ts).
 */

/** GET /api/me, PATCH /api/me: the signed-in user. */
export const meSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  emailVerified: z.boolean(),
  displayName: z.string(),
  birthDate: z.string(),
  country: z.string(),
  locale: z.string(),
  timeZone: z.string(),
  state: z.string(),
  secondFactorEnabled: z.boolean(),
  recommendSecondFactor: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

/** GET /api/me/sessions: one place the account is signed in ('' when the user agent did not say). */
export const sessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  browser: z.string(),
  os: z.string(),
  device: z.string(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

/** GET /api/me/security-events: one line of the account's own audit trail. */
export const securityEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actorType: z.string(),
  ip: z.string().nullable(),
  browser: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type SecurityEvent = z.infer<typeof securityEventSchema>;

/** The second factors a sign-in may be finished with. */
export const secondFactorMethods = ['totp', 'recovery_code', 'passkey'] as const;
export type SecondFactorMethod = (typeof secondFactorMethods)[number];

const status = <T extends string>(value: T) => z.object({ status: z.literal(value) });
export const signedInAnswer = status('signed_in');
export const secondFactorRequiredAnswer = z.object({
  status: z.literal('second_factor_required'),
  methods: z.array(z.enum(secondFactorMethods)),
});
/** POST /api/auth/sign-in-link. */
export const signInLinkAnswerSchema = z.union([signedInAnswer, secondFactorRequiredAnswer]);
/**
 * POST /api/auth/login. Many failed attempts on the account: the right password gets a sign-in link
 * mailed (email_link_sent, no session yet).
 */
export const loginAnswerSchema = z.union([
  signedInAnswer,
  secondFactorRequiredAnswer,
  status('email_link_sent'),
]);
export type LoginAnswer = z.infer<typeof loginAnswerSchema>;

/** GET /api/parental-consent/:token: who the parent is asked to consent for (P3). */
export const parentalConsentRequestSchema = z.object({
  childDisplayName: z.string(),
  childBirthDate: z.string(),
});
export type ParentalConsentRequest = z.infer<typeof parentalConsentRequestSchema>;
