// Answers of the accounts API as docs/api-accounts.md describes them.

export type AccountState = 'active' | 'pending_parental_consent' | 'disabled' | (string & {});

export interface Me {
  id: string;
  email: string;
  emailVerified: boolean;
  displayName: string;
  birthDate: string;
  country: string;
  locale: string;
  timeZone: string;
  state: AccountState;
  secondFactorEnabled?: boolean;
  recommendSecondFactor?: boolean;
}

/** GET /api/me/second-factor */
export interface SecondFactorStatus {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

export type LoginAnswer =
  | { status: 'signed_in' }
  | { status: 'second_factor_required'; methods: SecondFactorMethod[] }
  /** Many failed attempts on the account: the right password got a sign-in link mailed (no session yet). */
  | { status: 'email_link_sent' };

export interface SessionInfo {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface SecurityEvent {
  id: string;
  at: string;
  action: string;
  ip: string | null;
  browser: string | null;
  details?: unknown;
}

export interface TotpEnrolment {
  otpauthUri: string;
  qrCodeSvg: string;
  secret: string;
}

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export { type TokenScope, tokenScopes as TOKEN_SCOPES } from '@vitalbase/core/scopes';

export interface AccessToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface PasswordStrength {
  score: number;
  ok: boolean;
  feedback: { warning?: string | null; suggestions?: string[] } | string[] | string | null;
}

/** Whether the account already has a second factor; the banner shows until it does. */
export function hasSecondFactor(me: Me): boolean {
  if (me.recommendSecondFactor !== undefined) return !me.recommendSecondFactor;
  return Boolean(me.secondFactorEnabled);
}
