import { z } from 'zod';

/** A short label a person types (a passkey's or a token's name): trimmed, no control characters. */
export const labelSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters');

/** A code typed from an authenticator app: six digits, spaces allowed (as apps display "123 456"). */
export const totpCodeSchema = z
  .string()
  .max(20)
  .regex(/^\s*\d{3}\s?\d{3}\s*$/, 'must be the 6-digit code from your authenticator app');

/** The account's password, asked again before a security change. Only a length bound here. */
export const currentPasswordSchema = z.string().min(1).max(1024);
