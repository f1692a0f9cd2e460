import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors';
import { safeErrorForLog } from '../../lib/safe-log';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type IssueCode = OperationOutcome['issue'][number]['code'];

const issueCodes: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  413: 'too-long',
  415: 'not-supported',
  429: 'throttled',
};

export function operationOutcome(
  status: number,
  message: string,
  severity: 'error' | 'information' = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity,
        code: severity === 'information' ? 'informational' : (issueCodes[status] ?? 'exception'),
        diagnostics: message,
      },
    ],
  };
}

/**
 * FHIR clients expect errors as an OperationOutcome with the HTTP status, not the app's
 * `{ error }` body. Messages are ours (never the input echoed back), as in lib/error-handler.ts.
 */
export function fhirErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let message = 'Something went wrong on our side.';
  if (err instanceof AppError) {
    status = err.statusCode;
    message = err.message;
    if (status === 401) {
      reply.header(
        'www-authenticate',
        `Bearer realm="fhir", error="${err.code === 'invalid_token' ? 'invalid_token' : 'invalid_request'}"`,
      );
    }
    if (status === 403 && err.code === 'insufficient_scope') {
      reply.header('www-authenticate', 'Bearer realm="fhir", error="insufficient_scope"');
    }
    if (status === 429) {
      const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) reply.header('retry-after', String(retry));
    }
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    status = 400;
    // Names of parameters we declare are ours to repeat; an unknown one is the caller's text: not echoed.
    const unknown = err.validation.some((v) => (v.params as { keys?: unknown })?.keys !== undefined);
    const where = [
      ...new Set(err.validation.map((v) => v.instancePath.replace(/^\//, '').split('/')[0] ?? '')),
    ].filter(Boolean);
    message = unknown
      ? 'Unsupported parameter: the supported ones are listed in the CapabilityStatement (GET /fhir/R4/metadata).'
      : `Invalid ${err.validationContext ?? 'request'}${where.length ? `: ${where.join(', ')}` : ''}.`;
  } else if (err.statusCode === 429) {
    status = 429;
    message = 'Too many requests. Try again later.';
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    status = err.statusCode;
    message = 'The request is not valid.';
  } else {
    req.log.error({ err: safeErrorForLog(err) }, 'unexpected error (FHIR)');
  }
  return reply.status(status).type(FHIR_JSON).send(operationOutcome(status, message));
}
