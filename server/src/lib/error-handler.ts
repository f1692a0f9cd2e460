import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors';
import { safeErrorForLog } from './safe-log';

/** Fixed messages for framework errors, so nothing of the request is echoed back. */
const frameworkErrors: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'The body is empty but JSON was announced.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'This content type is not accepted.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_input',
    message: 'The content length does not match the body.',
  },
  // The router could not decode the path (bad UTF-8 in a percent escape): Fastify's own answer echoes it.
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'invalid_input',
    message: 'The address is not valid: its percent escapes are not UTF-8 text.',
  },
  FST_CSRF_INVALID_TOKEN: {
    status: 403,
    code: 'csrf_invalid',
    message: 'Missing or invalid CSRF token: fetch one from GET /api/csrf.',
  },
  FST_CSRF_MISSING_SECRET: {
    status: 403,
    code: 'csrf_invalid',
    message: 'Missing or invalid CSRF token: fetch one from GET /api/csrf.',
  },
};

/** The one place errors become HTTP answers: `{ error: { code, message, details } }`. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (
      (err.statusCode === 429 || err.statusCode === 503) &&
      (err.details as { retryAfterSeconds?: number })?.retryAfterSeconds
    ) {
      reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    return reply
      .status(err.statusCode)
      .send({ error: { code: err.code, message: err.message, details: err.details } });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      where: err.validationContext,
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      message: v.message,
    }));
    return reply
      .status(400)
      .send({ error: { code: 'invalid_input', message: 'The request is not valid.', details } });
  }
  const known = err.code ? frameworkErrors[err.code] : undefined;
  if (known) return reply.status(known.status).send({ error: { code: known.code, message: known.message } });
  if (err.statusCode === 429) {
    return reply
      .status(429)
      .send({ error: { code: 'too_many_requests', message: 'Too many requests. Try again later.' } });
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return reply
      .status(err.statusCode)
      .send({ error: { code: 'invalid_input', message: 'The request is not valid.' } });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err: safeErrorForLog(err) }, 'response did not match its schema');
  } else {
    req.log.error({ err: safeErrorForLog(err) }, 'unexpected error');
  }
  return reply
    .status(500)
    .send({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
}
