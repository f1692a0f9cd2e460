import { z } from 'zod';

/** The second factor's answers (docs/api-accounts.md), shared by the server's routes and the web. */

/** GET /api/me/second-factor: which second factors are on. */
export const secondFactorStatusSchema = z.object({
  totp: z.boolean(),
  passkeys: z.number().int(),
  recoveryCodesLeft: z.number().int(),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;

/** POST /api/me/totp/enroll: the secret to put in the authenticator app, as a URI, a QR code and text. */
export const totpEnrolmentSchema = z.object({
  otpauthUri: z.string(),
  qrCodeSvg: z.string(),
  secret: z.string(),
});
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

/** POST /api/me/recovery-codes: new recovery codes, shown this once. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesAnswer = z.infer<typeof recoveryCodesSchema>;

/**
 * POST /api/me/totp/confirm: the recovery codes when the app is the account's first second factor
 * (shown this once); none when a passkey came first, whose codes the user keeps.
 */
export const totpConfirmedSchema = z.object({ recoveryCodes: z.array(z.string()).optional() });
export type TotpConfirmed = z.infer<typeof totpConfirmedSchema>;

/** GET /api/me/passkeys, POST /api/me/passkeys. */
export const passkeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;

/** POST /api/me/passkeys: the passkey, and with the account's first second factor its recovery codes. */
export const passkeyAddedSchema = passkeySchema.extend({ recoveryCodes: z.array(z.string()).optional() });
export type PasskeyAdded = z.infer<typeof passkeyAddedSchema>;
