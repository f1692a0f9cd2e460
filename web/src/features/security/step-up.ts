import { api } from '../../api/client';

/**
 * What the person gave to re-authenticate before a security action (server: step-up.ts): their
 * passkey (alone, when it verifies them), or the password and, with a second factor on, a code.
 */
export interface StepUp {
  currentPassword?: string;
  /** A TOTP or recovery code. */
  code?: string;
  withPasskey?: boolean;
}

/**
 * The body fields of a step-up. With the passkey, the browser proves it against fresh step-up options
 * (a sign-in's would not serve). `codeField`: the name the route gives the code (erasure's differs).
 */
export async function stepUpFields(
  input: StepUp,
  codeField: 'code' | 'secondFactorCode' = 'code',
): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  if (input.currentPassword) fields.currentPassword = input.currentPassword;
  if (input.withPasskey) {
    const { startAuthentication } = await import('@simplewebauthn/browser');
    const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
      'POST',
      '/api/me/second-factor/passkey/options',
    );
    fields.passkey = await startAuthentication({ optionsJSON });
  } else if (input.code?.trim()) {
    fields[codeField] = input.code.replace(/\s+/g, '');
  }
  return fields;
}
