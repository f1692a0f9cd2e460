import { z } from 'zod';

/** The one error body every route answers with on a 4xx/5xx. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export const errorCodes = [
  'invalid_input',
  'invalid_cursor',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'payload_too_large',
  'too_many_requests',
  'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number] | (string & {});
