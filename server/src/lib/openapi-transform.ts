import { apiErrorSchema } from '@vitalbase/core';
import type { FastifyContextConfig } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The swagger transform: each route's zod schemas become JSON schemas (fastify-type-provider-zod),
 * then what every operation of the document needs and a route rarely states is filled in from what
 * the route is, so the document validates and lints clean (test/openapi.int.test.ts) and a generated
 * client has a name for every call:
 * - `operationId`: from the method and the path (`GET /api/me/tokens/:id` → `getApiMeTokensById`);
 * - `security`: a route that declares none is a user's, reached with the session cookie or a personal
 *   access token, or with a token only where it never reads the cookie (`config.sessionCookie: false`);
 *   public routes declare `security: []`;
 * - a `4XX` answer in the app's error format (lib/error-handler.ts) where the route declares no 4xx:
 *   every route refuses bad input, routes with another error format (FHIR, OAuth) declare theirs, and
 *   the Withings-style API (`config.errorsInBody`) answers every error in a 200;
 * - a described answer where the route declares no success one.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Every answer is HTTP 200 with the outcome in the body (the Withings-style API, as the original):
     * no 4XX is documented for it.
     */
    errorsInBody?: true;
  }
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & {
  route: { method: string | string[]; config?: FastifyContextConfig };
};
type JsonSchema = Record<string, unknown>;

const SESSION_OR_TOKEN = [{ session: [] }, { bearer: [] }];
const TOKEN = [{ bearer: [] }];

const appError = z.toJSONSchema(apiErrorSchema, { target: 'openapi-3.0' }) as JsonSchema;
delete appError.$schema;
const refusal = {
  ...appError,
  description:
    'Refused: bad input, no access, not found or too many requests ({ error: { code, message, details } }).',
};

/** `GET /fhir/R4/$export/:id` → `getFhirR4ExportById`; `/.well-known/x` → `WellKnownX`. */
function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter(Boolean)
    .map((segment) =>
      segment.startsWith(':') ? `by-${segment.slice(1)}` : segment === '*' ? 'any' : segment,
    )
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/).filter(Boolean));
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

export function openapiTransform(input: TransformInput) {
  const out = jsonSchemaTransform(input) as { schema: JsonSchema; url: string };
  if (!out.schema || out.schema.hide) return out;
  const { route } = input;
  const schema: JsonSchema = { ...out.schema };
  const method = Array.isArray(route.method) ? route.method.join('-') : route.method;
  schema.operationId ??= operationIdOf(method, input.url);
  schema.security ??= route.config?.sessionCookie === false ? TOKEN : SESSION_OR_TOKEN;
  const response = { ...(schema.response as Record<string, JsonSchema> | undefined) };
  const codes = Object.keys(response);
  if (!codes.some((code) => /^[23]/.test(code))) {
    response['200'] = { type: 'null', description: 'Done.' };
  }
  if (!codes.some((code) => code.startsWith('4')) && !route.config?.errorsInBody) response['4XX'] = refusal;
  schema.response = response;
  return { ...out, schema };
}
