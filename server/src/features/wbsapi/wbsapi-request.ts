import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { declareRoutes } from '../../lib/route-rules';
import { safeErrorForLog } from '../../lib/safe-log';
import { parseFormBody } from '../../lib/well-formed-input';
import { type WbsapiStatus, wbsapiErrorText, wbsapiStatus } from './status-codes';

/**
 * THE request parser of the Withings-style API (every `/wbsapi` route, notify included). Real clients
 * send parameters in the query string (GET), a form body (most), or a JSON body, and the token as an
 * `Authorization: Bearer` header or an `access_token` parameter; all of them mean the same request.
 * Every answer is HTTP 200 with `{ status, body, error? }` (status-codes.ts), bad input included.
 */

export interface WbsapiRequest {
  /** The `action` parameter (e.g. `getmeas`), undefined when absent. */
  action: string | undefined;
  /** Every parameter as text (numbers and lists from a JSON body become their text form), token excluded. */
  params: Record<string, string>;
  /** From the Bearer header, else the `access_token` parameter. */
  token: string | undefined;
}

export interface WbsapiAnswer {
  status: number;
  body: unknown;
  error?: string;
}

/** Thrown by actions to answer a non-zero status; `detail` must never carry what the caller sent. */
export class WbsapiError extends Error {
  constructor(
    readonly status: WbsapiStatus,
    detail?: string,
  ) {
    super(detail ? `${wbsapiErrorText[status]}: ${detail}` : wbsapiErrorText[status]);
    this.name = 'WbsapiError';
  }
}

const MAX_PARAMS = 100;
const MAX_VALUE_LENGTH = 4096;

function invalid(detail?: string): WbsapiError {
  return new WbsapiError(wbsapiStatus.invalidParams, detail);
}

/** One value as text: form and query values are already text; a JSON body may hold numbers or lists. */
function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    return value.map(String).join(',');
  }
  throw invalid('parameters must be text, numbers or lists of them');
}

function collect(into: Record<string, string>, source: unknown) {
  if (source === undefined || source === null || source === '') return;
  if (typeof source !== 'object' || Array.isArray(source))
    throw invalid('the body must be a form or an object');
  for (const [key, value] of Object.entries(source)) {
    const text = asText(value);
    if (text === undefined) continue;
    if (text.length > MAX_VALUE_LENGTH) throw invalid('a parameter is too long');
    // PostgreSQL cannot store U+0000 and no parameter needs it.
    if (text.includes('\u0000') || key.includes('\u0000')) throw invalid('text must not contain NUL');
    into[key] = text;
  }
  if (Object.keys(into).length > MAX_PARAMS) throw invalid('too many parameters');
}

/** Reads a request in any of the three styles; the body wins over the query string on a clash. */
function parseWbsapiRequest(req: FastifyRequest): WbsapiRequest {
  const params: Record<string, string> = {};
  collect(params, req.query);
  collect(params, req.body);
  const header = req.headers.authorization;
  const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
  const token = bearer || params.access_token || undefined;
  delete params.access_token;
  return { action: params.action, params, token };
}

/**
 * Validates parameters with a zod object schema (keys = parameter names); the first problem becomes
 * `503 Invalid Params: <name>` (the name only: the value is never echoed).
 */
export function parseParams<S extends z.ZodType>(schema: S, params: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.map(String).join('.');
  throw invalid(name ? `${name} is missing or not valid` : undefined);
}

const ok = (body: unknown): WbsapiAnswer => ({ status: wbsapiStatus.ok, body });

/** Any failure as the original answers it: HTTP 200, a status, an empty body and an error text. */
function answerForError(err: unknown, req: FastifyRequest): WbsapiAnswer {
  if (err instanceof WbsapiError) return { status: err.status, body: {}, error: err.message };
  if (err instanceof AppError) {
    // An app the operator disabled: the original's status, with why (oauth/app-disable.ts).
    if (err.statusCode === 401 && err.code === 'app_disabled') {
      return { status: wbsapiStatus.invalidToken, body: {}, error: `app_disabled: ${err.message}` };
    }
    if (err.statusCode === 401) return failure(wbsapiStatus.invalidToken);
    if (err.statusCode === 403 && err.code === 'insufficient_scope') {
      return {
        status: wbsapiStatus.invalidToken,
        body: {},
        error: 'insufficient_scope: The request requires higher privileges than provided by the access token',
      };
    }
    if (err.statusCode === 403) return failure(wbsapiStatus.actionNotAllowed);
    if (err.statusCode === 429) return failure(wbsapiStatus.tooManyRequests);
    if (err.statusCode >= 400 && err.statusCode < 500) return failure(wbsapiStatus.invalidParams);
  }
  const fe = err as Partial<FastifyError>;
  if (fe.statusCode === 429) return failure(wbsapiStatus.tooManyRequests);
  // Body parsing (bad JSON, unknown content type, too large): the caller's request is not valid.
  if (fe.code?.startsWith('FST_ERR_CTP_') || (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)) {
    return failure(wbsapiStatus.invalidParams);
  }
  req.log.error({ err: safeErrorForLog(err) }, 'wbsapi: unexpected error');
  return failure(wbsapiStatus.unknownError);
}

function failure(status: WbsapiStatus): WbsapiAnswer {
  return { status, body: {}, error: wbsapiErrorText[status] };
}

export type WbsapiAction = (call: WbsapiRequest, req: FastifyRequest) => Promise<unknown>;

const wbsapiAnswerSchema = z
  .object({
    status: z.number().int().describe('0 on success; see status-codes.ts for the others'),
    body: z.unknown(),
    error: z.string().optional(),
  })
  .describe('Always HTTP 200: the outcome is in `status`.');

/**
 * The parameters every action shares, for validation and the OpenAPI document; each action checks its
 * own with `parseParams` (they pass through here). `action` lists the endpoint's actions in the
 * document only: an unknown one is answered in-band (2555), not refused here.
 */
function sharedParams(actions: string[]) {
  return z.looseObject({
    action: z.string().meta({ enum: actions }).optional().describe('The action to run.'),
    access_token: z
      .string()
      .optional()
      .describe('The access token, when not sent as `Authorization: Bearer`.'),
  });
}

/**
 * One service path (e.g. `/measure`) with its actions, GET and POST. Must be called on a scope made by
 * `registerWbsapiScope`, which parses form bodies and answers errors in the Withings format.
 */
export function defineWbsapiEndpoint(
  scope: FastifyInstance,
  path: string,
  opts: {
    summary: string;
    description: string;
    actions: Record<string, WbsapiAction>;
    /** How the caller authenticates, for the document: a partner's token unless said otherwise. */
    security?: Array<Record<string, string[]>>;
  },
) {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const call = parseWbsapiRequest(req);
      const name = call.action ?? '';
      const action = Object.hasOwn(opts.actions, name) ? opts.actions[name] : undefined;
      if (!action) throw new WbsapiError(wbsapiStatus.unknownAction);
      const body = await action(call, req);
      return reply.send(ok(body));
    } catch (err) {
      return reply.send(answerForError(err, req));
    }
  };
  const params = sharedParams(Object.keys(opts.actions));
  // GET (query string) and POST (form or JSON body, and the query string): two routes, since a GET
  // route may not declare a body schema.
  for (const method of ['GET', 'POST'] as const) {
    scope.route({
      method,
      url: path,
      schema: {
        tags: ['Withings-style API'],
        summary: opts.summary,
        description: `${opts.description}\n\nActions: ${Object.keys(opts.actions).join(', ')}. Parameters in the query string, a form body or a JSON body; token as \`Authorization: Bearer\` or \`access_token\`.`,
        querystring: params,
        ...(method === 'POST'
          ? { body: params.nullish(), consumes: ['application/x-www-form-urlencoded', 'application/json'] }
          : {}),
        response: { 200: wbsapiAnswerSchema },
        security: opts.security ?? [{ bearer: [] }],
      },
      config: {
        rateLimit: {
          max: 120,
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) => req.headers.authorization ?? req.ip,
        },
      },
      handler,
    });
  }
}

/**
 * An encapsulated scope for Withings-style routes: form bodies parsed there only (oidc-provider and the
 * rest of the app keep their own body handling), and errors raised before a handler runs (bad JSON,
 * unknown content type, rate limit) answered as the original does instead of the app's error format.
 */
export async function registerWbsapiScope(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => Promise<void> | void,
) {
  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      // Bad UTF-8 in a form is refused, not read as U+FFFD (lib/well-formed-input.ts).
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, parseFormBody);
    }
    scope.setErrorHandler((err, req, reply) => reply.status(200).send(answerForError(err, req)));
    // Partner tokens only (header or access_token): a browser's session cookie opens nothing here.
    declareRoutes(scope, { sessionCookie: false, errorsInBody: true });
    await register(scope);
  });
}
